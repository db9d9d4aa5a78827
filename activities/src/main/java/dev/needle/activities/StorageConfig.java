package dev.needle.activities;

import java.nio.file.Path;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where Needle keeps files. */
@ConfigMapping(prefix = "needle.storage")
public interface StorageConfig {

    /** Folder of the artifact store (embeddings, predictions, scores, models). */
    @WithDefault("data/artifacts")
    Path artifacts();

    /**
     * Every dataset folder must resolve under this folder; a registration that points elsewhere (for example with
     * {@code ..}) is refused.
     */
    @WithDefault("data/datasets")
    Path datasetsRoot();

    /** Folder of users' model files (ONNX embedders); a project's model path must resolve under it. */
    @WithDefault("data/models")
    Path modelsRoot();
}
