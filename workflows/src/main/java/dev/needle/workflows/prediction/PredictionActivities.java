package dev.needle.workflows.prediction;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.MergePredictions;
import dev.needle.workflows.messages.commands.PlanPrediction;
import dev.needle.workflows.messages.commands.PredictPool;
import dev.needle.workflows.messages.commands.PredictShard;
import dev.needle.workflows.messages.values.PredictionPlan;
import dev.needle.workflows.messages.values.Predictions;

@ActivityInterface
public interface PredictionActivities {

    /**
     * Class probabilities of the project's current model for the unlabeled pool, in one activity; a cold start when it
     * has none. Workflows started before the predict step was sharded replay with it.
     */
    Predictions predict(PredictPool command);

    /** The model every shard uses and the number of shards; a cold start when the project has no model. */
    PredictionPlan planPrediction(PlanPrediction command);

    /**
     * Class probabilities for the unlabeled pool rows of one row range of the embeddings matrix, read without the
     * rest; heartbeats its progress. The same shard always gives the same artifact, so a retry cannot duplicate output.
     */
    String predictShard(PredictShard command);

    /** The shards' predictions joined in shard order: row for row what {@link #predict} gives. */
    Predictions mergePredictions(MergePredictions command);
}
