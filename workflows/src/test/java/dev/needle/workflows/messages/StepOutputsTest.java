package dev.needle.workflows.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;

import dev.needle.workflows.messages.commands.CancelIteration;
import dev.needle.workflows.messages.commands.LabelingDone;
import dev.needle.workflows.messages.queries.IterationProgress;
import dev.needle.workflows.messages.values.Predictions;
import dev.needle.workflows.messages.values.StepOutputs;
import dev.needle.workflows.messages.values.TrainedModel;

/**
 * Step outputs were a map of strings before they were a record; histories of running workflows hold them that way.
 * Temporal's own converter must read such a payload as the record with the same values.
 */
class StepOutputsTest {

    private static final DataConverter TEMPORAL = DefaultDataConverter.newDefaultInstance();

    @Test
    void aMapOfStringsFromAnOlderHistoryReadsAsTheSameRecord() {
        String older = """
                {"step":"RETRAIN","outputs":{"embeddings":"embeddings/e","predictions":"predictions/p",
                "modelUsed":"demo-r1","scores":"scores/s","strategyUsed":"CORAL","coldStart":"false",
                "labelingStarted":"1796405010684","labelingDeadline":"1797009810684","deadlineExtended":"true",
                "deadlineExpired":"true","modelProduced":"demo-r2","accuracy":"0.758","trainingSize":"200"},
                "batch":[],"labeledInBatch":[],"classes":["cat"]}""";

        IterationProgress read = TEMPORAL.fromPayload(json(older), IterationProgress.class, IterationProgress.class);

        StepOutputs expected = StepOutputs.NONE.embedded("embeddings/e")
                .predicted(new Predictions("predictions/p", "demo-r1")).scored("scores/s").queried("CORAL", false)
                .labelingOpened(1796405010684L, 1796405010684L).deadlineExtendedTo(1797009810684L).expired()
                .trained(new TrainedModel("demo-r2", 0.758, 200));
        assertEquals(expected, read.outputs());
    }

    @Test
    void anEmptyMapReadsAsNothingRecorded() {
        IterationProgress read = TEMPORAL.fromPayload(
                json("{\"step\":null,\"outputs\":{},\"batch\":[],\"labeledInBatch\":[],\"classes\":[]}"),
                IterationProgress.class, IterationProgress.class);
        assertEquals(StepOutputs.NONE, read.outputs());
        assertNull(read.labelingDone(), "a progress recorded before done was kept on the row has none");
        assertNull(read.cancel(), "a progress recorded before cancel was kept on the row has none");
    }

    @Test
    void theRecordGoesThroughTemporalUnchanged() {
        IterationProgress progress = new IterationProgress(null,
                StepOutputs.NONE.embedded("embeddings/e").labelingOpened(1L, 2L), List.of(), Set.of(), List.of("a"),
                new LabelingDone("annotator"), new CancelIteration("mlops", "wrong dataset"));
        Payload payload = TEMPORAL.toPayload(progress).orElseThrow();
        assertEquals(progress, TEMPORAL.fromPayload(payload, IterationProgress.class, IterationProgress.class));
    }

    private static Payload json(String text) {
        return Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFrom(text, StandardCharsets.UTF_8))
                .build();
    }
}
