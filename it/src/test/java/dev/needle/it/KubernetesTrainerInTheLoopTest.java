package dev.needle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * The KUBERNETES trainer end to end: the packaged application creates each round's training Job from
 * {@code k8s/trainer-job.yaml} on fabric8's mock API server (CRUD mode: it stores objects but runs no pods, as no
 * cluster can run here), and the test plays the kubelet and the Job controller. It runs the reference trainer's
 * container command ({@code trainers/torch-classifier/Dockerfile}) as a local process with exactly the environment
 * the Job gives its container, the run token resolved from the Job's Secret, then writes the Job's outcome. A campaign
 * of two rounds: the second predicts with the ONNX network the first round's Job handed back.
 */
class KubernetesTrainerInTheLoopTest {

    private static final Path TRAINER = Path.of("../trainers/torch-classifier").toAbsolutePath().normalize();
    private static final Path JOB_TEMPLATE = Path.of("../k8s/trainer-job.yaml").toAbsolutePath().normalize();
    /** The Dockerfile's CMD: the template names no command, so the image's runs; Debian's interpreter, as in it. */
    private static final List<String> CONTAINER_COMMAND = List.of("/usr/bin/python3", "train.py");
    private static final String NAMESPACE = "training";
    /** Needle labels every Job it creates with its run (k8s/trainer-job.yaml). */
    private static final String RUN_LABEL = "needle.dev/run";

    /** Kept when the test fails: needle.log and trainer.log say why. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path data;

    private KubernetesMockServer apiServer;
    private KubernetesClient kubernetes;
    private final Set<String> jobsPlayed = new HashSet<>();

    @BeforeEach
    void startTheMockApiServer() {
        apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        apiServer.init(InetAddress.getLoopbackAddress(), 0);
        kubernetes = apiServer.createClient();
    }

    @AfterEach
    void stopTheMockApiServer() {
        kubernetes.close();
        apiServer.destroy();
    }

    @Test
    void givenTheKubernetesTrainer_eachRoundsJobRunsTheReferenceTrainerAndTheNextRoundPredictsWithItsModel()
            throws Exception {
        Map<String, String> truth = NeedleProcess.demoTruth();
        try (NeedleProcess needle = NeedleProcess.embedded(data, Map.of(
                "needle.trainer.kubernetes.master-url", kubernetes.getMasterUrl().toString(),
                "needle.trainer.kubernetes.namespace", NAMESPACE,
                "needle.trainer.kubernetes.job-template", JOB_TEMPLATE.toString(),
                "needle.trainer.kubernetes.poll-interval", "PT1S"))) {
            needle.postJson("mlops", "/api/projects", Map.of("slug", "kube"), 201);
            needle.postJson("mlops", "/api/projects/kube/datasets", Map.of("name", "v1", "folder", "demo-fashion-mnist"),
                    201);
            needle.putJson("mlops", "/api/projects/kube/trainer", Map.of("trainer", "KUBERNETES"), 200);
            long campaign = needle.postJson("mlops", "/api/projects/kube/campaigns", Map.of(
                    "round", Map.of("strategy", "UNCERTAINTY", "batchSize", 100, "seed", 7, "trainerTimeout", "PT10M"),
                    "stop", Map.of("maxRounds", 2)), 202).path("id").asLong();
            String campaignPath = "/api/projects/kube/campaigns/" + campaign;

            JsonNode labeling = awaitLabeling(needle, campaignPath, 1);
            assertTrue(labeling.path("coldStart").asBoolean(), "round 1 has no model yet");
            RoundTrained first = labelAndTrainInAJob(needle, 1, labeling, truth);
            assertTrue(first.modelProduced().startsWith("kube-torch-cnn-r1-" + first.run().substring(0, 8)),
                    "the version the reference trainer reported: " + first.modelProduced());
            JsonNode model = needle.get("mlops", "/api/projects/kube").path("currentModel");
            assertEquals("onnx", model.path("kind").asText(), model.toString());
            assertEquals(first.modelProduced(), model.path("version").asText());
            assertEquals(first.run(), model.path("trainerRun").asText());

            labeling = awaitLabeling(needle, campaignPath, 2);
            JsonNode lineage = labeling.path("lineage");
            assertFalse(labeling.path("coldStart").asBoolean(), labeling.toString());
            assertEquals("UNCERTAINTY", labeling.path("strategyUsed").asText());
            assertEquals(first.modelProduced(), labeling.path("modelUsed").asText(),
                    "round 2 predicts with round 1's model");
            assertEquals("onnx", lineage.path("modelKind").asText(), lineage.toString());
            assertEquals(first.run(), lineage.path("trainerRun").asText(), "handed back by round 1's Job");
            RoundTrained second = labelAndTrainInAJob(needle, 2, labeling, truth);
            assertNotEquals(first.run(), second.run(), "each round's retrain is a run of its own");

            JsonNode stopped = needle.await(campaignPath, c -> "STOPPED".equals(c.path("status").asText()),
                    Duration.ofMinutes(1));
            assertEquals(2, stopped.path("roundsDone").asInt(), stopped.toString());
        }
    }

    /** The campaign starts each round on its own: first the round, then its batch. */
    private static JsonNode awaitLabeling(NeedleProcess needle, String campaignPath, int round) {
        needle.await(campaignPath, c -> c.path("currentRound").asInt() == round, Duration.ofMinutes(2));
        return needle.awaitIteration("kube", round, s -> "LABELING".equals(s.path("step").asText()),
                Duration.ofMinutes(5));
    }

    /** A round finished by a Job: its run, as the Job's environment named it, and the model the round recorded. */
    private record RoundTrained(String run, String modelProduced) {
    }

    /** Labels the round's batch, plays the Job its retrain step creates, and checks what the round recorded. */
    private RoundTrained labelAndTrainInAJob(NeedleProcess needle, int round, JsonNode labeling,
            Map<String, String> truth) throws Exception {
        needle.post("annotator", "/api/projects/kube/iterations/" + round + "/labels", "text/csv",
                RestartDuringLabelingTest.csv(RestartDuringLabelingTest.files(labeling), truth), 200);
        String run = playTheNextJob(Duration.ofMinutes(5));
        JsonNode done = needle.awaitIteration("kube", round, s -> !"RUNNING".equals(s.path("status").asText()),
                Duration.ofMinutes(2));
        assertEquals("COMPLETED", done.path("status").asText(), done.toString());
        JsonNode runs = needle.get("mlops", "/api/trainer-runs?project=kube&round=" + round);
        assertEquals(1, runs.size(), "one attempt: " + runs);
        JsonNode recorded = runs.get(0);
        assertEquals(run, recorded.path("run").asText());
        assertEquals("KUBERNETES", recorded.path("trainer").asText());
        assertEquals("SUCCEEDED", recorded.path("status").asText(), recorded.toString());
        assertEquals("needle-train-" + run, recorded.path("jobName").asText());
        assertEquals(recorded.path("modelVersion").asText(), done.path("modelProduced").asText(),
                "the round records the model the Job's trainer reported");
        return new RoundTrained(run, done.path("modelProduced").asText());
    }

    /**
     * Plays the kubelet and the Job controller for the next Job Needle creates: runs the container's command with the
     * container's environment, then writes the Job's condition from its exit code. Returns the Job's run.
     */
    private String playTheNextJob(Duration patience) throws IOException, InterruptedException {
        Job job = awaitNewJob(patience);
        String name = job.getMetadata().getName();
        List<EnvVar> env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        ProcessBuilder pod = new ProcessBuilder(CONTAINER_COMMAND).directory(TRAINER.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("trainer.log").toFile()));
        // Exactly the container's environment: nothing of the test's own leaks into the "pod".
        Map<String, String> environment = resolve(env, patience);
        String run = job.getMetadata().getLabels().get(RUN_LABEL);
        assertEquals(run, environment.get("NEEDLE_RUN"), "the Job's environment names its own run");
        pod.environment().clear();
        pod.environment().putAll(environment);
        Process process = pod.start();
        if (!process.waitFor(10, TimeUnit.MINUTES))
            process.destroyForcibly();
        int exit = process.isAlive() ? -1 : process.exitValue();
        finish(name, exit == 0 ? "Complete" : "Failed", exit == 0 ? null : "exit code " + exit);
        assertEquals(0, exit, "the trainer's pod failed; see " + data.resolve("trainer.log"));
        return run;
    }

    private Job awaitNewJob(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            for (Job job : kubernetes.batch().v1().jobs().inNamespace(NAMESPACE).withLabel(RUN_LABEL).list()
                    .getItems()) {
                if (jobsPlayed.add(job.getMetadata().getName()))
                    return job;
            }
            Waiting.sleep(200);
        }
        throw new AssertionError("Needle created no new Job in " + patience + "; see " + data.resolve("needle.log"));
    }

    /** The container's variables as a kubelet resolves them: values as written, secretKeyRef from the Secret. */
    private Map<String, String> resolve(List<EnvVar> env, Duration patience) {
        Map<String, String> resolved = new HashMap<>();
        for (EnvVar variable : env) {
            if (variable.getValueFrom() == null) {
                resolved.put(variable.getName(), variable.getValue());
                continue;
            }
            SecretKeySelector ref = variable.getValueFrom().getSecretKeyRef();
            assertTrue(ref != null, "this kubelet resolves only secretKeyRef: " + variable);
            resolved.put(variable.getName(), secretValue(ref, patience));
        }
        return resolved;
    }

    /** A kubelet holds the pod until its Secret exists: Needle creates the Secret just after the Job. */
    private String secretValue(SecretKeySelector ref, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            Secret secret = kubernetes.secrets().inNamespace(NAMESPACE).withName(ref.getName()).get();
            if (secret != null) {
                // A real API server folds stringData into data; the mock keeps it as written.
                if (secret.getData() != null && secret.getData().containsKey(ref.getKey()))
                    return new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())),
                            StandardCharsets.UTF_8);
                if (secret.getStringData() != null && secret.getStringData().containsKey(ref.getKey()))
                    return secret.getStringData().get(ref.getKey());
                throw new AssertionError("Secret " + ref.getName() + " has no key " + ref.getKey());
            }
            Waiting.sleep(200);
        }
        throw new AssertionError("no Secret " + ref.getName() + " in " + patience);
    }

    /** Plays the Job controller: the pod's exit becomes the Job's condition, which Needle's watcher reads. */
    private void finish(String job, String condition, String reason) {
        kubernetes.batch().v1().jobs().inNamespace(NAMESPACE).withName(job).editStatus(j -> new JobBuilder(j)
                .withNewStatus().addNewCondition().withType(condition).withStatus("True").withReason(reason)
                .endCondition().endStatus().build());
    }
}
