package dev.needle.workflows.training;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.ExternalRetrain;
import dev.needle.workflows.messages.values.TrainedModel;

/**
 * Trainers outside Needle. Both open a trainer run (an id, a secret token and a manifest of the labeled set) and end
 * when the trainer reports its model version and metric to {@code POST /api/trainer-runs/{run}/complete}.
 */
@ActivityInterface
public interface ExternalTrainingActivities {

    /** POSTs the manifest to the trainer's URL; completes asynchronously when the trainer reports back. */
    TrainedModel trainByWebhook(ExternalRetrain command);

    /** Creates a Kubernetes Job from the template and watches it to completion, heartbeating meanwhile. */
    TrainedModel trainByKubernetesJob(ExternalRetrain command);
}
