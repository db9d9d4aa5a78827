package dev.needle.web.trainer;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.needle.activities.model.ModelCard;

/**
 * What a trainer reports when it is done. The model card is checked field by field by the domain.
 *
 * @param modelVersion the new model's version, unique across Needle (e.g. {@code resnet50-demo-r3}), at most 100
 *        characters
 * @param metric its accuracy on the manifest's eval set, in [0, 1]; null when it was not measured
 * @param artifactUri where the trained model is kept (e.g. {@code s3://models/demo/r3}), at most 2000 characters; may
 *        be left out when the model itself is handed back
 * @param model what the trainer handed back to the run and how to use it (see trainers/README.md); null when Needle
 *        only records the version
 */
public record CompletionReport(
        @NotBlank(message = VERSION) @Size(max = 100, message = VERSION) String modelVersion,
        @DecimalMin(value = "0", message = METRIC) @DecimalMax(value = "1", message = METRIC) Double metric,
        @Size(max = 2000) String artifactUri,
        ModelCard model) {

    static final String VERSION = "is required (at most 100 characters)";
    static final String METRIC = "must be a number in [0, 1]";
}
