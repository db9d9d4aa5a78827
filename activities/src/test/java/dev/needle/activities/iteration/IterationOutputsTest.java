package dev.needle.activities.iteration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.needle.workflows.iteration.Outputs;

/** The row is what a resumed workflow reads back: every output it records must come back the same. */
class IterationOutputsTest {

    @Test
    void everyRecordedOutputReadsBackUnchanged() {
        Map<String, String> recorded = new LinkedHashMap<>();
        recorded.put(Outputs.EMBEDDINGS, "embeddings/" + "a".repeat(40));
        recorded.put(Outputs.PREDICTIONS, "predictions/" + "b".repeat(40));
        recorded.put(Outputs.MODEL_USED, "demo-r1");
        recorded.put(Outputs.SCORES, "scores/" + "c".repeat(40));
        recorded.put(Outputs.STRATEGY_USED, "CORAL");
        recorded.put(Outputs.COLD_START, "false");
        recorded.put(Outputs.LABELING_DEADLINE, "1764400000123");
        recorded.put(Outputs.DEADLINE_EXPIRED, "true");
        recorded.put(Outputs.MODEL_PRODUCED, "demo-r2");
        recorded.put(Outputs.ACCURACY, "0.758");
        recorded.put(Outputs.TRAINING_SIZE, "200");

        Iteration iteration = new Iteration();
        iteration.record(recorded);

        assertEquals(recorded, iteration.outputs());
    }

    @Test
    void aLaterRecordWithoutAKeyNeverErasesIt() {
        Iteration iteration = new Iteration();
        iteration.record(Map.of(Outputs.EMBEDDINGS, "embeddings/" + "a".repeat(40)));
        iteration.record(Map.of(Outputs.SCORES, "scores/" + "c".repeat(40)));

        assertEquals("embeddings/" + "a".repeat(40), iteration.outputs().get(Outputs.EMBEDDINGS));
        assertTrue(iteration.outputs().containsKey(Outputs.SCORES));
    }
}
