package dev.needle.workflows.messages.values;

/**
 * A model version the retrain step produced, with its accuracy on the dataset's eval split; {@code accuracy} is null
 * when the dataset has no eval images to measure it on.
 */
public record TrainedModel(String version, Double accuracy, int trainingSize) {
}
