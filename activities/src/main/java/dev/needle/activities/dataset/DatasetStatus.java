package dev.needle.activities.dataset;

/** Whether a dataset's registration has finished. */
public enum DatasetStatus {
    /** Its folder is being walked and its samples written: no round, import or list sees it yet. */
    PENDING,
    /** Every sample is recorded: rounds, imports and lists use it. */
    READY
}
