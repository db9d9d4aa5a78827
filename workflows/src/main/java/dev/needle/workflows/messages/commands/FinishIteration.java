package dev.needle.workflows.messages.commands;

import dev.needle.workflows.messages.values.IterationStatus;

public record FinishIteration(long iterationId, IterationStatus status, String reason) {
}
