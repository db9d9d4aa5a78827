package dev.needle.activities.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import dev.needle.workflows.messages.values.TrainedModel;

/**
 * The Kubernetes Job trainer against fabric8's mock API server in CRUD mode: it stores, lists and watches objects as
 * an API server does, but runs no pods, so the test plays the Job controller by writing the Job's status. A mock
 * because no real API server can run here (no Docker, no cluster).
 */
class KubernetesJobsTest {

    private static final String NAMESPACE = "training";
    private static final Duration POLL = Duration.ofMillis(200);

    private static KubernetesMockServer server;
    private static KubernetesClient client;
    private static Path template;

    private final KubernetesJobs jobs = new KubernetesJobs(client, NAMESPACE);

    @BeforeAll
    static void startTheMockApiServer() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        template = Files.createDirectories(Path.of("target", "k8s-test")).resolve("trainer-job.yaml");
        Files.writeString(template, """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  labels:
                    team: vision
                spec:
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                        - name: trainer
                          image: registry.example/trainer:1
                          env:
                            - name: EPOCHS
                              value: "5"
                            - name: NEEDLE_RUN
                              value: stale
                """);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void givenATemplate_whenARunsJobIsCreated_itCarriesTheRunInItsEnvironmentAndTheTokenOnlyInAnOwnedSecret() {
        String name = jobs.create(template, environment("run-a", "secret-token-a"));

        Job job = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
        assertEquals("needle-train-run-a", name);
        assertEquals("run-a", job.getMetadata().getLabels().get(KubernetesJobs.RUN_LABEL));
        assertEquals("vision", job.getMetadata().getLabels().get("team"), "the template's own labels stay");
        Map<String, EnvVar> env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, Function.identity()));
        assertEquals("5", env.get("EPOCHS").getValue(), "the template's own variables stay");
        assertEquals("run-a", env.get("NEEDLE_RUN").getValue(), "Needle's variables replace the template's");
        assertEquals("http://needle/api/trainer-runs/run-a/manifest", env.get("NEEDLE_MANIFEST_URL").getValue());
        assertEquals("manifest/abc", env.get("NEEDLE_MANIFEST").getValue());
        assertEquals("http://needle/api/trainer-runs/run-a/complete", env.get("NEEDLE_COMPLETION_URL").getValue());
        assertEquals(name, env.get("NEEDLE_RUN_TOKEN").getValueFrom().getSecretKeyRef().getName());
        assertFalse(client.getKubernetesSerialization().asYaml(job).contains("secret-token-a"),
                "the token is not in the Job spec");

        Secret secret = client.secrets().inNamespace(NAMESPACE).withName(name).get();
        String token = secret.getStringData() != null && secret.getStringData().containsKey("token")
                ? secret.getStringData().get("token")
                : new String(java.util.Base64.getDecoder().decode(secret.getData().get("token")));
        assertEquals("secret-token-a", token);
        assertEquals(job.getMetadata().getUid(), secret.getMetadata().getOwnerReferences().get(0).getUid(),
                "deleting the Job deletes its Secret");
    }

    @Test
    void givenARunningJob_whenNothingHappens_theWatchReportsItStillRuns() {
        String name = jobs.create(template, environment("run-b", "t"));

        assertNull(jobs.awaitFinished(name, POLL));
    }

    @Test
    void givenAJobWhosePodReportsThenCompletes_whenWatched_itReturnsTheReportedModel() throws Exception {
        String name = jobs.create(template, environment("run-c", "t"));
        AtomicReference<TrainedModel> report = new AtomicReference<>();
        AtomicInteger heartbeats = new AtomicInteger();

        CompletableFuture<TrainedModel> watched = CompletableFuture.supplyAsync(
                () -> jobs.watch(name, POLL, heartbeats::incrementAndGet, report::get, "http://needle/complete"));
        Thread.sleep(3 * POLL.toMillis());
        assertFalse(watched.isDone(), "no report and no outcome yet");
        report.set(new TrainedModel("job-model-1", 0.8, 12));
        finish(name, "Complete", null);

        assertEquals(new TrainedModel("job-model-1", 0.8, 12), watched.get(20, TimeUnit.SECONDS));
        assertTrue(heartbeats.get() >= 2, "heartbeats while waiting: " + heartbeats.get());
    }

    @Test
    void givenAJobThatCompletesWithoutAReport_whenWatched_itFailsNamingTheCompletionUrl() {
        String name = jobs.create(template, environment("run-d", "t"));
        finish(name, "Complete", null);

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> jobs.watch(name, POLL, () -> {
                }, () -> null, "http://needle/api/trainer-runs/run-d/complete"));

        assertTrue(failure.getMessage().contains("without reporting a result to http://needle/api/trainer-runs/run-d"),
                failure.getMessage());
    }

    @Test
    void givenAJobThatFails_whenWatched_itFailsWithTheJobsReason() {
        String name = jobs.create(template, environment("run-e", "t"));
        finish(name, "Failed", "BackoffLimitExceeded");

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> jobs.watch(name, POLL, () -> {
                }, () -> null, "http://needle/complete"));

        assertTrue(failure.getMessage().contains("BackoffLimitExceeded"), failure.getMessage());
    }

    @Test
    void givenAJobThatIsDeleted_whenWatched_itCountsAsFailed() {
        String name = jobs.create(template, environment("run-f", "t"));
        jobs.delete(name);

        KubernetesJobs.Outcome outcome = jobs.awaitFinished(name, Duration.ofSeconds(5));

        assertFalse(outcome.succeeded());
        assertTrue(outcome.reason().contains("deleted"), outcome.reason());
    }

    /** Plays the Job controller: the mock runs no pods. */
    private static void finish(String name, String condition, String reason) {
        client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).editStatus(job -> new JobBuilder(job)
                .withNewStatus().addNewCondition().withType(condition).withStatus("True").withReason(reason)
                .endCondition().endStatus().build());
    }

    private static KubernetesJobs.RunEnvironment environment(String run, String token) {
        return new KubernetesJobs.RunEnvironment(run, token, "http://needle/api/trainer-runs/" + run + "/manifest",
                "manifest/abc", "http://needle/api/trainer-runs/" + run + "/complete");
    }
}
