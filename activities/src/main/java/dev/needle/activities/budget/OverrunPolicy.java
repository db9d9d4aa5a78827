package dev.needle.activities.budget;

/** What the query step does with a batch the remaining budget cannot pay for in full. */
public enum OverrunPolicy {
    /** Select nothing; the iteration fails with the reason. */
    REFUSE,
    /** Select as many images as the budget pays for; refuse only if that is none. */
    SHRINK
}
