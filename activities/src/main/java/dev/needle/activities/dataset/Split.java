package dev.needle.activities.dataset;

/** Which part of a dataset a sample belongs to. */
public enum Split {
    /** Unlabeled images the query step selects from. */
    POOL,
    /** Held-out images with known classes; they measure each model version's accuracy and are never selected. */
    EVAL
}
