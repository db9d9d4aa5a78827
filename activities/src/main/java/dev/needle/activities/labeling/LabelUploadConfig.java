package dev.needle.activities.labeling;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits of one label submission (an upload, an import, a labeling tool's call). Above either, it is refused with a
 * 413 naming the setting, before anything is stored; a body is read only up to the size limit.
 */
@ConfigMapping(prefix = "needle.labels")
public interface LabelUploadConfig {

    /** Largest body of a label upload (JSON or CSV), a size with a unit such as {@code 32M}. */
    @WithDefault("32M")
    MemorySize maxUploadSize();

    /**
     * Most labels in one submission. A round's batch is smaller still in practice, and a submission with more labels
     * than its batch has images is refused (400) anyway; this bounds the work of reading one before the batch is known.
     */
    @WithDefault("50000")
    int maxEntries();
}
