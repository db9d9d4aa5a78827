package dev.needle.activities.assignment;

import java.time.Duration;
import java.time.Instant;

/**
 * One annotator's share of a batch: items assigned and labeled, and the time from their first label to their last
 * ({@code active}; zero with fewer than two labels).
 */
public record AnnotatorProgress(
        String annotator, int assigned, int labeled, Instant firstLabelAt, Instant lastLabelAt, Duration active) {
}
