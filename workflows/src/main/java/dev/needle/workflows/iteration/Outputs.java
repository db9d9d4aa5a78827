package dev.needle.workflows.iteration;

/**
 * Keys of the step outputs an iteration records (see {@link dev.needle.workflows.messages.commands.RecordStep}).
 * Values are strings so the record stays a flat, schema-stable map.
 */
public final class Outputs {
    public static final String EMBEDDINGS = "embeddings";
    public static final String PREDICTIONS = "predictions";
    public static final String MODEL_USED = "modelUsed";
    public static final String SCORES = "scores";
    public static final String STRATEGY_USED = "strategyUsed";
    public static final String COLD_START = "coldStart";
    /** Epoch milliseconds at which the labeling round's deadline falls; absolute so a resumed round keeps it. */
    public static final String LABELING_DEADLINE = "labelingDeadline";
    /** Epoch milliseconds at which the labeling round opened: reminders fall at fractions of [opened, deadline]. */
    public static final String LABELING_STARTED = "labelingStarted";
    public static final String DEADLINE_EXPIRED = "deadlineExpired";
    /** Set once the EXTEND policy moved the deadline, so a resumed round does not extend it a second time. */
    public static final String DEADLINE_EXTENDED = "deadlineExtended";
    public static final String MODEL_PRODUCED = "modelProduced";
    public static final String ACCURACY = "accuracy";
    public static final String TRAINING_SIZE = "trainingSize";

    private Outputs() {
    }
}
