package dev.needle.web.assignment;

import java.time.Instant;
import java.util.List;

/** What the assignment endpoints answer. */
public final class AssignmentViews {

    private AssignmentViews() {
    }

    /** An annotator's share of a round; {@code label} is null until they label the image. */
    public record MyItems(int round, String annotator, int assigned, int labeled, List<Item> items) {
    }

    public record Item(String fileName, int rank, Double score, String label) {
    }

    /** Time spent is from the annotator's first label of the round to their last. */
    public record Progress(
            String annotator, int assigned, int labeled, Instant firstLabelAt, Instant lastLabelAt,
            long activeSeconds) {
    }

    /**
     * @param files images of the batch to give to {@code to}; they must not have a label yet
     */
    public record Reassign(List<String> files, String to) {
    }
}
