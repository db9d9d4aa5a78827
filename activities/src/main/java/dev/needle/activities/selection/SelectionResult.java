package dev.needle.activities.selection;

/**
 * The batch, in pick order, and the cover radius after it: the largest distance from a pool sample to its nearest
 * centre (labeled samples and picks). NaN when the selection had no embeddings.
 */
public record SelectionResult(int[] picks, double maxMinDistance) {
}
