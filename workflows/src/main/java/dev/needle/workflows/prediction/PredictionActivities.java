package dev.needle.workflows.prediction;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.MergePredictions;
import dev.needle.workflows.messages.commands.PlanPrediction;
import dev.needle.workflows.messages.commands.PredictShard;
import dev.needle.workflows.messages.values.PredictionPlan;
import dev.needle.workflows.messages.values.Predictions;

@ActivityInterface
public interface PredictionActivities {

    /** The model every shard uses and the number of shards; a cold start when the project has no model. */
    PredictionPlan planPrediction(PlanPrediction command);

    /**
     * Class probabilities for the unlabeled pool rows of one row range of the embeddings matrix, read without the
     * rest; heartbeats its progress. The same shard always gives the same artifact, so a retry cannot duplicate output.
     */
    String predictShard(PredictShard command);

    /** The shards' predictions joined in shard order: row for row what one shard over the whole matrix gives. */
    Predictions mergePredictions(MergePredictions command);
}
