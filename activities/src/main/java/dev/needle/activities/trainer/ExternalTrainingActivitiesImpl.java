package dev.needle.activities.trainer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.logging.Log;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;

import dev.needle.activities.BadInputException;
import dev.needle.activities.JsonPost;
import dev.needle.workflows.messages.commands.ExternalRetrain;
import dev.needle.workflows.messages.values.TrainedModel;
import dev.needle.workflows.messages.values.TrainerKind;
import dev.needle.workflows.training.ExternalTrainingActivities;

/**
 * The webhook and Kubernetes Job trainers. Each attempt opens a fresh trainer run (replacing the previous attempt's),
 * so a late report of a lost attempt can never complete a newer one.
 */
@ApplicationScoped
public class ExternalTrainingActivitiesImpl implements ExternalTrainingActivities {

    /** How long the trainer may take to accept the manifest (not to train: it reports back later). */
    private static final Duration HAND_OVER_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    TrainerConfig config;
    @Inject
    TrainerRuns runs;

    private KubernetesClient kubernetes;

    @Override
    public TrainedModel trainByWebhook(ExternalRetrain command) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        TrainerRuns.Opened opened = runs.open(command, TrainerKind.WEBHOOK, context.getTaskToken());
        URI url = opened.project().trainerUrl != null
                ? URI.create(opened.project().trainerUrl)
                : config.webhookUrl().orElse(null);
        if (url == null) {
            runs.fail(opened.run().run, "no trainer URL");
            throw new BadInputException("trainer", "project " + opened.project().slug
                    + " has no webhook URL: set it with PUT /api/projects/" + opened.project().slug
                    + "/trainer or needle.trainer.webhook-url");
        }
        try {
            JsonPost.post(url, TrainerRuns.webhookBody(opened), HAND_OVER_TIMEOUT);
        } catch (RuntimeException e) {
            runs.fail(opened.run().run, e.getMessage());
            throw e;
        }
        // The trainer reports to /api/trainer-runs/{run}/complete, which completes this activity by its task token.
        context.doNotCompleteOnReturn();
        return null;
    }

    @Override
    public TrainedModel trainByKubernetesJob(ExternalRetrain command) {
        Path template = config.kubernetes().jobTemplate().orElseThrow(() -> new BadInputException("trainer",
                "the KUBERNETES trainer needs needle.trainer.kubernetes.job-template (see k8s/trainer-job.yaml)"));
        ActivityExecutionContext context = Activity.getExecutionContext();
        TrainerRuns.Opened opened = runs.open(command, TrainerKind.KUBERNETES, null);
        String run = opened.run().run;
        KubernetesJobs jobs = new KubernetesJobs(kubernetes(), config.kubernetes().namespace());
        String name;
        try {
            name = jobs.create(template, new KubernetesJobs.RunEnvironment(run, opened.token(),
                    runs.runUrl(run, "manifest"), opened.run().manifest, runs.runUrl(run, "complete")));
        } catch (RuntimeException e) {
            runs.fail(run, "could not create the Job: " + e.getMessage());
            throw e;
        }
        runs.setJobName(run, name);
        try {
            return jobs.watch(name, config.kubernetes().pollInterval(), () -> context.heartbeat(name), () -> {
                TrainerRun current = runs.reload(run);
                return current.status == TrainerRun.Status.SUCCEEDED ? TrainerRuns.resultOf(current) : null;
            }, runs.runUrl(run, "complete"));
        } catch (ActivityCanceledException e) {
            jobs.delete(name);
            runs.fail(run, "the retrain step was cancelled");
            throw e;
        } catch (RuntimeException e) {
            runs.fail(run, e.getMessage());
            throw e;
        }
    }

    private synchronized KubernetesClient kubernetes() {
        if (kubernetes == null) {
            Config k8s = config.kubernetes().masterUrl()
                    .map(url -> new ConfigBuilder(Config.empty()).withMasterUrl(url).build())
                    .orElseGet(() -> Config.autoConfigure(null));
            kubernetes = new KubernetesClientBuilder().withConfig(k8s).build();
            Log.infof("Kubernetes trainer uses %s, namespace %s", k8s.getMasterUrl(), config.kubernetes().namespace());
        }
        return kubernetes;
    }

    @PreDestroy
    synchronized void close() {
        if (kubernetes != null)
            kubernetes.close();
    }
}
