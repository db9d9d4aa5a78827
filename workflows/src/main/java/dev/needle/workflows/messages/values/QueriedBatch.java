package dev.needle.workflows.messages.values;

import java.util.List;

/**
 * The chosen batch. {@code strategyUsed} differs from the requested strategy on a cold start, when CORAL and
 * UNCERTAINTY have no scores to use and fall back to RANDOM.
 */
public record QueriedBatch(String strategyUsed, boolean coldStart, List<BatchItem> batch) {
}
