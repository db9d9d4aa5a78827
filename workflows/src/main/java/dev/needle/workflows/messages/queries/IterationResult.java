package dev.needle.workflows.messages.queries;

import dev.needle.workflows.messages.values.IterationStatus;

public record IterationResult(
        IterationStatus status, String modelVersion, Double accuracy, int labeledInBatch, boolean deadlineExpired) {
}
