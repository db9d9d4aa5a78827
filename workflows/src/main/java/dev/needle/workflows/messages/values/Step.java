package dev.needle.workflows.messages.values;

/** The steps of one iteration, in order (DESIGN.md §2). */
public enum Step {
    EMBED,
    PREDICT,
    SCORE,
    QUERY,
    LABELING,
    RETRAIN,
    DONE;

    public boolean isAfter(Step other) {
        return ordinal() > other.ordinal();
    }
}
