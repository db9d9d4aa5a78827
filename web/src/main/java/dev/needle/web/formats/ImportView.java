package dev.needle.web.formats;

import java.time.Instant;
import java.util.List;

/**
 * An import as the API shows it. {@code missing} lists the dataset's images the import had nothing for: an iteration
 * using it cannot select them (embeddings) or treats them as unscored (predictions).
 */
public record ImportView(long id, String kind, String format, String taskType, String dataset, String sourceName,
        Integer dimension, int matched, int missingCount, List<String> missing, String createdBy, Instant createdAt) {
}
