package dev.needle.activities.selection;

/** How a batch is chosen from the unlabeled pool (DESIGN.md §6). */
public enum Strategy {
    /** Uniformly at random, seeded. */
    RANDOM,
    /** The k highest scores, ties to the lowest index. */
    UNCERTAINTY,
    /** Greedy k-center on the embeddings; labeled samples are the initial centres. */
    CORESET,
    /** k-center diversity weighted by uncertainty; see {@link CoralMode} for the rule. */
    CORAL
}
