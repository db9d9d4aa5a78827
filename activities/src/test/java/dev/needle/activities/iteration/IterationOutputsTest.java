package dev.needle.activities.iteration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.needle.workflows.messages.values.Predictions;
import dev.needle.workflows.messages.values.StepOutputs;
import dev.needle.workflows.messages.values.TrainedModel;

/** The row is what a resumed workflow reads back: every output it records must come back the same. */
class IterationOutputsTest {

    private final StepOutputsColumn column = new StepOutputsColumn();

    @Test
    void everyRecordedOutputReadsBackUnchangedFromTheColumn() {
        StepOutputs recorded = StepOutputs.NONE
                .embedded("embeddings/" + "a".repeat(40))
                .predicted(new Predictions("predictions/" + "b".repeat(40), "demo-r1"))
                .scored("scores/" + "c".repeat(40))
                .queried("CORAL", false)
                .labelingOpened(1764400000123L, 1764500000123L)
                .deadlineExtendedTo(1764600000123L)
                .expired()
                .trained(new TrainedModel("demo-r2", 0.758, 200));

        Iteration iteration = new Iteration();
        iteration.record(recorded);

        assertEquals(recorded, column.convertToEntityAttribute(column.convertToDatabaseColumn(iteration.outputs)));
        assertEquals(1764600000123L, iteration.outputs.labelingDeadline());
        assertTrue(iteration.outputs.deadlineExtended());
    }

    @Test
    void aLaterRecordWithoutAFieldNeverErasesIt() {
        Iteration iteration = new Iteration();
        iteration.record(StepOutputs.NONE.embedded("embeddings/" + "a".repeat(40)).expired());
        iteration.record(StepOutputs.NONE.scored("scores/" + "c".repeat(40)));

        assertEquals("embeddings/" + "a".repeat(40), iteration.outputs.embeddings());
        assertEquals("scores/" + "c".repeat(40), iteration.outputs.scores());
        assertTrue(iteration.outputs.deadlineExpired(), "a flag once set stays set");
    }

    @Test
    void aFreshRoundStoresAnEmptyObjectAndReadsItBackAsNothingRecorded() {
        assertEquals("{\"deadlineExtended\":false,\"deadlineExpired\":false}",
                column.convertToDatabaseColumn(StepOutputs.NONE));
        assertEquals(StepOutputs.NONE, column.convertToEntityAttribute("{}"));
        assertFalse(column.convertToEntityAttribute(null).deadlineExpired());
    }
}
