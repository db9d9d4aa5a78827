package dev.needle.workflows.messages.values;

/** Where the pool's predicted class probabilities are, and which model made them. Both null on a cold start. */
public record Predictions(String artifact, String modelVersion) {

    public static Predictions coldStart() {
        return new Predictions(null, null);
    }
}
