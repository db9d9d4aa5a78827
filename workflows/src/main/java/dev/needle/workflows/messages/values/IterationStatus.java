package dev.needle.workflows.messages.values;

public enum IterationStatus {
    RUNNING,
    COMPLETED,
    CANCELLED,
    FAILED;

    public boolean isFinished() {
        return this != RUNNING;
    }
}
