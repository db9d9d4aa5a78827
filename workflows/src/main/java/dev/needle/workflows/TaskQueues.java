package dev.needle.workflows;

/** Every task queue Needle uses, named once. Workers and clients refer to these constants only. */
public final class TaskQueues {

    /** Iteration workflows and their bookkeeping activities (database only, fast). */
    public static final String ITERATIONS = "needle-iterations";

    /** Compute-heavy activities: embedding, prediction, scoring, selection, training. Scale these workers out. */
    public static final String ML = "needle-ml";

    private TaskQueues() {
    }
}
