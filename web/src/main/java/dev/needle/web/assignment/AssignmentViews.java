package dev.needle.web.assignment;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

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
     * @param to a known annotator
     */
    public record Reassign(
            @NotEmpty(message = "name at least one image of the batch") List<@NotBlank @Size(max = 2000) String> files,
            @NotBlank @Size(max = 200) String to) {
    }
}
