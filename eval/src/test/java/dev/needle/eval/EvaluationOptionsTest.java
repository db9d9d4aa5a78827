package dev.needle.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class EvaluationOptionsTest {

    @Test
    void theBuiltInProbeIsTheDefault_withItsReferences() {
        EvaluationOptions o = EvaluationOptions.parse();
        assertEquals(EvaluationOptions.BUILTIN, o.trainer());
        assertFalse(o.cnn());
        assertTrue(o.reference());
        assertTrue(o.report().endsWith(Path.of("eval/report")));
    }

    @Test
    void trainerCnn_hasItsOwnReportFolder_noAllLabelsReference_andATrainerTimeout() {
        EvaluationOptions o = EvaluationOptions.parse("--strategies", "random,margin,coral", "--trainer", "cnn");
        assertTrue(o.cnn());
        assertFalse(o.reference(), "the all-labels reference is the linear probe's");
        assertEquals(List.of(Arm.RANDOM, Arm.MARGIN, Arm.CORAL), o.arms());
        assertTrue(o.report().endsWith(Path.of("eval/report-cnn")));
        assertEquals(Duration.ofMinutes(20), o.trainerTimeout());

        EvaluationOptions quick = EvaluationOptions.parse("--trainer", "cnn", "--quick", "--trainer-timeout", "7");
        assertTrue(quick.report().endsWith(Path.of("eval/target/report-cnn-quick")));
        assertEquals(Duration.ofMinutes(7), quick.trainerTimeout());
        assertEquals(2_000, quick.poolSize());
    }

    @Test
    void anUnknownTrainer_orAMissingValue_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> EvaluationOptions.parse("--trainer", "resnet"));
        assertThrows(IllegalArgumentException.class, () -> EvaluationOptions.parse("--trainer"));
    }
}
