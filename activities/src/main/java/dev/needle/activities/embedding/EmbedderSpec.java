package dev.needle.activities.embedding;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A project's choice of embedder, as the API takes it and the project row stores it (JSON).
 *
 * @param kind {@code opencv-descriptor} (the built-in descriptor, the default), {@code onnx} (a backbone file under the
 *        models root) or {@code model} (the feature output of the model the project's trainer hands back)
 * @param model ONNX only: the model file, relative to {@code needle.storage.models-root}
 * @param inputSize ONNX only: side of the network's square input
 * @param mean ONNX only: per-channel (R, G, B) mean in [0, 1] units; default 0
 * @param std ONNX only: per-channel standard deviation; default 1
 * @param output ONNX only: the output layer whose values are the embedding; default the network's output
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbedderSpec(String kind, String model, Integer inputSize, float[] mean, float[] std, String output) {

    public static final String BUILT_IN = "opencv-descriptor";
    public static final String ONNX = "onnx";
    public static final String MODEL = "model";
}
