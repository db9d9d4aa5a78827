package dev.needle.web.iteration;

import java.time.Instant;

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
}
