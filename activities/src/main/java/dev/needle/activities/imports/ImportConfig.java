package dev.needle.activities.imports;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits on the files users bring: imports, label files and a trainer's hand-backs of predictions and embeddings. */
@ConfigMapping(prefix = "needle.imports")
public interface ImportConfig {

    /**
     * Largest file one upload may carry (each part of a multipart upload counts alone); a larger one is refused with a
     * 413 while it streams in. A size with a unit, e.g. {@code 512M} or {@code 2G}; the HTTP server's own limit,
     * {@code quarkus.http.limits.max-body-size}, caps every body before this.
     */
    @WithDefault("1G")
    MemorySize maxUploadSize();

    /**
     * Longest embedding an {@code embeddings.csv} may hold (its {@code embedding_*} columns); the header of a longer one
     * is refused before any row is read.
     */
    @WithDefault("4096")
    int maxEmbeddingDimension();
}
