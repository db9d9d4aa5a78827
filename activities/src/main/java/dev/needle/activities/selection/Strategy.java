package dev.needle.activities.selection;

import java.util.Arrays;

import dev.needle.activities.BadInputException;

/** How a batch is chosen from the unlabeled pool (DESIGN.md §6). */
public enum Strategy {
    /** Uniformly at random, seeded. */
    RANDOM,
    /** The k highest scores, ties to the lowest index. */
    UNCERTAINTY,
    /** Greedy k-center on the embeddings; labeled samples are the initial centres. */
    CORESET,
    /** k-center diversity weighted by uncertainty; see {@link CoralMode} for the rule. */
    CORAL;

    /** The strategy a user named, or a bad-input error on field {@code strategy} that lists the choices. */
    public static Strategy parse(String name) {
        if (name == null)
            throw new BadInputException("strategy", "is required; one of " + Arrays.toString(values()));
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("strategy", "unknown strategy " + name + "; one of " + Arrays.toString(values()));
        }
    }
}
