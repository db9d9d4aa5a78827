package dev.needle.web.trainer;

/**
 * What a trainer reports when it is done.
 *
 * @param modelVersion the new model's version, unique across Needle (e.g. {@code resnet50-demo-r3})
 * @param metric its accuracy on the manifest's eval set, in [0, 1]; null when it was not measured
 * @param artifactUri where the trained model is kept (e.g. {@code s3://models/demo/r3})
 */
public record CompletionReport(String modelVersion, Double metric, String artifactUri) {
}
