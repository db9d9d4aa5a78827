package dev.needle.workflows.training;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.Retrain;
import dev.needle.workflows.messages.values.TrainedModel;

@ActivityInterface
public interface TrainingActivities {

    /**
     * Trains a new model version on every label of the dataset and measures it on the eval split. Returns null when
     * there is no label to train on, which leaves the project's model unchanged.
     */
    TrainedModel retrain(Retrain command);
}
