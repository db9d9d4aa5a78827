package dev.needle.web.trainer;

import dev.needle.activities.model.ModelCard;

/**
 * What a trainer reports when it is done.
 *
 * @param modelVersion the new model's version, unique across Needle (e.g. {@code resnet50-demo-r3})
 * @param metric its accuracy on the manifest's eval set, in [0, 1]; null when it was not measured
 * @param artifactUri where the trained model is kept (e.g. {@code s3://models/demo/r3}); may be left out when the model
 *        itself is handed back
 * @param model what the trainer handed back to the run and how to use it (see trainers/README.md); null when Needle
 *        only records the version
 */
public record CompletionReport(String modelVersion, Double metric, String artifactUri, ModelCard model) {
}
