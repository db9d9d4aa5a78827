package dev.needle.workflows.prediction;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.PredictPool;
import dev.needle.workflows.messages.values.Predictions;

@ActivityInterface
public interface PredictionActivities {

    /** Class probabilities of the project's current model for the unlabeled pool; a cold start when it has none. */
    Predictions predict(PredictPool command);
}
