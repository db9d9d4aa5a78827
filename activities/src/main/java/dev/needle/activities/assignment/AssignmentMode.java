package dev.needle.activities.assignment;

/** How a batch is split among annotators. */
public enum AssignmentMode {
    /** Item by item in pick order, one annotator after the other. */
    ROUND_ROBIN,
    /** In proportion to the number of items each annotator said they can take. */
    CAPACITY
}
