package dev.needle.workflows.messages.values;

/** A model version the retrain step produced, with its accuracy on the dataset's eval split. */
public record TrainedModel(String version, double accuracy, int trainingSize) {}
