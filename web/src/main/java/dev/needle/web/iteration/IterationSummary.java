package dev.needle.web.iteration;

import java.time.Instant;

import dev.needle.activities.iteration.Iteration;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.Step;

public record IterationSummary(
        int round,
        IterationStatus status,
        Step step,
        String strategy,
        String strategyUsed,
        int batchSize,
        String modelProduced,
        Double accuracy,
        Instant createdAt,
        Instant finishedAt) {

    public static IterationSummary of(Iteration i) {
        return new IterationSummary(i.round, i.status, i.step, i.strategy, i.outputs.strategyUsed(), i.batchSize,
                i.outputs.modelProduced(), i.outputs.accuracy(), i.createdAt, i.finishedAt);
    }
}
