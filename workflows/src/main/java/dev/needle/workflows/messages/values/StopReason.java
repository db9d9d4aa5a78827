package dev.needle.workflows.messages.values;

/** Why a campaign stopped; recorded on the campaign row and as its last event. */
public enum StopReason {
    /** The remaining budget cannot pay for the next batch. */
    BUDGET_EXHAUSTED,
    /** The last round's accuracy reached the target. */
    TARGET_REACHED,
    /** The last m rounds improved on the best before them by less than ε. */
    PLATEAU,
    MAX_ROUNDS,
    /** Someone stopped it. */
    STOPPED,
    /** A round could not start, failed or was cancelled on its own. */
    ROUND_FAILED
}
