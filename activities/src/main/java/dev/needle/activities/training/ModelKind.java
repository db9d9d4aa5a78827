package dev.needle.activities.training;

import java.util.Locale;

/** How the prediction step uses a model version. */
public enum ModelKind {
    /** The built-in linear probe: its weights read the project's embeddings. */
    BUILTIN,
    /** A trainer's ONNX network with its model card: Needle runs it over the pool's images. */
    ONNX,
    /** A trainer's own predictions of the pool, delivered with its report: used as they are. */
    PREDICTIONS,
    /** A model a trainer reported without handing it over: recorded, never used to predict. */
    EXTERNAL;

    /** As the API and lineage name it: {@code builtin}, {@code onnx}, {@code predictions}, {@code external}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the prediction step can use it (an external report cannot be run). */
    public boolean predicts() {
        return this != EXTERNAL;
    }
}
