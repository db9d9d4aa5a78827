package dev.needle.workflows.messages.commands;

public record ReserveBudget(long iterationId, long projectId, int batchSize) {
}
