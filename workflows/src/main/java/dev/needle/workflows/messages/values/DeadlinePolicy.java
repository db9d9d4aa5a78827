package dev.needle.workflows.messages.values;

/** What happens when a labeling round's deadline passes before its batch is labeled. */
public enum DeadlinePolicy {
    /** Move the deadline once by the round's extension, then proceed with the labels received. */
    EXTEND,
    /** Retrain on the labels received so far. */
    PROCEED,
    /** End the round as cancelled; nothing is retrained. */
    CANCEL
}
