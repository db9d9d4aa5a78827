package dev.needle.web.dataset;

import java.time.Instant;
import java.util.List;

import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.SkippedFile;

/** A dataset and the files of its folder that were skipped, with why. */
public record DatasetView(
        long id,
        String name,
        String folder,
        String snapshot,
        int poolCount,
        int evalCount,
        int skippedCount,
        List<Skipped> skipped,
        Instant registeredAt) {

    public record Skipped(String path, String reason) {
    }

    public static DatasetView of(Dataset d, List<SkippedFile> skipped) {
        return new DatasetView(d.id, d.name, d.root, d.snapshot, d.poolCount, d.evalCount, d.skippedCount,
                skipped.stream().map(s -> new Skipped(s.path, s.reason)).toList(), d.registeredAt);
    }
}
