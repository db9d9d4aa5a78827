package dev.needle.activities.embedding;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of embedding a list of files: one vector per file that could be read, and a reason for each that
 * could not. One bad file never sinks the batch.
 *
 * @param vectors aligned with the input list; {@code vectors[i]} is null exactly when file i failed
 * @param failures the files that could not be embedded, in input order
 */
public record EmbeddedImages(float[][] vectors, List<Failure> failures) {

    public EmbeddedImages {
        failures = List.copyOf(failures);
    }

    /**
     * @param index position in the input list
     * @param permanent true when the content itself is unusable (see {@link UnreadableImageException}); false for
     *        I/O errors that a retry may cure
     */
    public record Failure(int index, Path file, String reason, boolean permanent) {
    }
}
