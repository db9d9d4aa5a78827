package dev.needle.web.dataset;

import java.time.Instant;
import java.util.List;

import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.Datasets;
import dev.needle.activities.dataset.SkippedFile;
import dev.needle.activities.embedding.EmbeddingSkip;

/**
 * A dataset and the files of its folder that were skipped, with why: at registration ({@code skipped}) and by an
 * embedder ({@code notEmbedded}, the first 1,000).
 */
public record DatasetView(
        long id,
        String name,
        String folder,
        String snapshot,
        int poolCount,
        int evalCount,
        int skippedCount,
        List<Skipped> skipped,
        Instant registeredAt,
        List<NotEmbedded> notEmbedded) {

    public record Skipped(String path, String reason) {
    }

    /** A registered image that an embedder could not use (e.g. too many pixels to decode), and why. */
    public record NotEmbedded(String path, String reason, String embedder) {
    }

    public static DatasetView of(Datasets.Detail detail) {
        return of(detail.dataset(), detail.skipped(), detail.notEmbedded());
    }

    public static DatasetView of(Dataset d, List<SkippedFile> skipped) {
        return of(d, skipped, List.of());
    }

    public static DatasetView of(Dataset d, List<SkippedFile> skipped, List<EmbeddingSkip> notEmbedded) {
        return new DatasetView(d.id, d.name, d.root, d.snapshot, d.poolCount, d.evalCount, d.skippedCount,
                skipped.stream().map(s -> new Skipped(s.path, s.reason)).toList(), d.registeredAt,
                notEmbedded.stream().map(s -> new NotEmbedded(s.path, s.reason, s.embedder)).toList());
    }
}
