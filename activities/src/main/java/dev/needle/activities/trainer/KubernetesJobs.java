package dev.needle.activities.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.needle.workflows.messages.values.TrainedModel;

/**
 * Training Jobs on Kubernetes, made from a YAML template: Needle names the Job after the run, labels it, and gives
 * every container the run's coordinates in its environment. The run token travels in a Secret the Job owns, so it is
 * neither in the Job spec nor left behind when the Job is deleted.
 */
public final class KubernetesJobs {

    public static final String RUN_LABEL = "needle.dev/run";
    public static final String SECRET_KEY = "token";

    /** What a finished Job says; {@code reason} explains a failure. */
    public record Outcome(boolean succeeded, String reason) {
    }

    /** Where the Job's containers find their run: the names are the contract with the trainer image (k8s/README.md). */
    public record RunEnvironment(String run, String token, String manifestUrl, String manifest, String completionUrl) {

        Map<String, String> plain() {
            return Map.of(
                    "NEEDLE_RUN", run,
                    "NEEDLE_MANIFEST_URL", manifestUrl,
                    "NEEDLE_MANIFEST", manifest,
                    "NEEDLE_COMPLETION_URL", completionUrl);
        }
    }

    private final KubernetesClient client;
    private final String namespace;

    public KubernetesJobs(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public static String jobName(String run) {
        return "needle-train-" + run;
    }

    /** Creates the Job of a run from the template, and the Secret holding its token. Returns the Job's name. */
    public String create(Path template, RunEnvironment env) {
        Job job;
        try (InputStream in = Files.newInputStream(template)) {
            job = client.getKubernetesSerialization().unmarshal(in, Job.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Job template " + template, e);
        }
        if (job == null || job.getSpec() == null || job.getSpec().getTemplate() == null
                || job.getSpec().getTemplate().getSpec() == null
                || job.getSpec().getTemplate().getSpec().getContainers().isEmpty()) {
            throw new IllegalArgumentException("the Job template " + template + " has no containers");
        }
        String name = jobName(env.run());
        job.setMetadata(new ObjectMetaBuilder(job.getMetadata() == null ? new ObjectMeta() : job.getMetadata())
                .withName(name).withNamespace(namespace).withGenerateName(null).addToLabels(RUN_LABEL, env.run())
                .build());
        for (Container container : job.getSpec().getTemplate().getSpec().getContainers()) {
            List<EnvVar> vars = new ArrayList<>(container.getEnv());
            vars.removeIf(v -> v.getName().startsWith("NEEDLE_"));
            env.plain().forEach((key, value) -> vars.add(new EnvVarBuilder().withName(key).withValue(value).build()));
            vars.add(new EnvVarBuilder().withName("NEEDLE_RUN_TOKEN").withNewValueFrom().withNewSecretKeyRef()
                    .withName(name).withKey(SECRET_KEY).endSecretKeyRef().endValueFrom().build());
            container.setEnv(vars);
        }
        Job created = client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
        Secret secret = new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).addToLabels(RUN_LABEL, env.run())
                .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                        .withName(name).withUid(created.getMetadata().getUid()).build())
                .endMetadata()
                .withStringData(Map.of(SECRET_KEY, env.token()))
                .build();
        client.secrets().inNamespace(namespace).resource(secret).create();
        return name;
    }

    /**
     * Looks at the Job now and again after {@code wait}: its outcome once it finished, null while it still runs. A Job
     * that vanished counts as failed. Plain reads rather than a watch connection: a training Job runs for minutes to
     * hours, so a few seconds of latency cost nothing, and no long-lived connection has to be kept healthy.
     */
    public Outcome awaitFinished(String name, Duration wait) {
        Outcome now = outcomeOf(name);
        if (now != null)
            return now;
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while watching Job " + name, e);
        }
        return outcomeOf(name);
    }

    private Outcome outcomeOf(String name) {
        Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
        return job == null ? new Outcome(false, "Job " + name + " was deleted") : outcome(job);
    }

    /**
     * Watches the Job until its trainer has reported (then returns the report) or it finished without one (then
     * throws, with the reason). {@code heartbeat} runs every {@code poll}; {@code reported} reads the run's report,
     * null while there is none. A report can land before the Job completes: it counts as soon as it is there.
     */
    public TrainedModel watch(String name, Duration poll, Runnable heartbeat, Supplier<TrainedModel> reported,
            String completionUrl) {
        while (true) {
            heartbeat.run();
            Outcome outcome = awaitFinished(name, poll);
            TrainedModel report = reported.get();
            if (report != null)
                return report;
            if (outcome != null) {
                throw new IllegalStateException(outcome.succeeded()
                        ? "Job " + name + " completed without reporting a result to " + completionUrl
                        : outcome.reason());
            }
        }
    }

    /** Deletes a Job that is no longer awaited (its Secret goes with it). */
    public void delete(String name) {
        client.batch().v1().jobs().inNamespace(namespace).withName(name).delete();
    }

    static Outcome outcome(Job job) {
        if (job.getStatus() == null)
            return null;
        for (JobCondition condition : job.getStatus().getConditions()) {
            if (!"True".equals(condition.getStatus()))
                continue;
            if ("Complete".equals(condition.getType()))
                return new Outcome(true, null);
            if ("Failed".equals(condition.getType())) {
                return new Outcome(false, "Job " + job.getMetadata().getName() + " failed: "
                        + (condition.getReason() == null ? "" : condition.getReason())
                        + (condition.getMessage() == null ? "" : " " + condition.getMessage()));
            }
        }
        return null;
    }
}
