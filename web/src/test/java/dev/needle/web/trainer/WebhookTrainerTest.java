package dev.needle.web.trainer;

import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.activities.training.ModelVersionRepository;
import dev.needle.web.Api;
import dev.needle.web.SmallProject;

/**
 * The webhook trainer end to end: a real HTTP trainer on loopback receives the manifest, reads it back with the run
 * token and reports its model to the completion endpoint over HTTP, as a team's trainer would.
 */
@QuarkusTest
class WebhookTrainerTest {

    private static final String PROJECT = "webhook-trainer";
    private static final String PROBLEM = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** What the test trainer does with a manifest: report back at once, or never. */
    enum Mode {
        REPORT,
        SILENT
    }

    private static HttpServer trainer;
    private static ExecutorService trainerWork;
    private static volatile Mode mode = Mode.REPORT;
    private static final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private static final List<Integer> manifestAnswers = new CopyOnWriteArrayList<>();
    private static final List<Integer> reportAnswers = new CopyOnWriteArrayList<>();

    @Inject
    DatasetRegistry registry;
    @Inject
    ModelVersionRepository models;

    @BeforeAll
    static void startTheTrainer() throws IOException {
        trainerWork = Executors.newSingleThreadExecutor();
        trainer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        trainer.createContext("/train", exchange -> {
            Map<String, Object> body = JSON.readValue(exchange.getRequestBody(), new TypeReference<>() {
            });
            received.add(body);
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
            // A trainer answers the hand-over at once and reports when training is done: after this exchange.
            if (mode == Mode.REPORT)
                trainerWork.submit(() -> train(body));
        });
        trainer.start();
    }

    @AfterAll
    static void stopTheTrainer() {
        trainer.stop(0);
        trainerWork.shutdownNow();
    }

    private static Void train(Map<String, Object> handedOver) throws Exception {
        String token = (String) handedOver.get("runToken");
        HttpResponse<String> manifest = HTTP.send(HttpRequest.newBuilder(URI.create((String) handedOver.get("manifestUrl")))
                .header(TrainerRunResource.TOKEN_HEADER, token).GET().build(), HttpResponse.BodyHandlers.ofString());
        manifestAnswers.add(manifest.statusCode());
        String run = (String) handedOver.get("run");
        reportAnswers.add(report((String) handedOver.get("completionUrl"), token,
                Map.of("modelVersion", "resnet-" + run, "metric", 0.87, "artifactUri", "s3://models/" + run)));
        return null;
    }

    private static int report(String url, String token, Map<String, Object> report) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header(TrainerRunResource.TOKEN_HEADER, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(report))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @BeforeEach
    void givenAProjectWhoseTrainerIsTheWebhook() throws IOException {
        mode = Mode.REPORT;
        if (mlops().get("/api/projects/{p}", PROJECT).statusCode() == 200)
            return;
        SmallProject.create(registry.datasetsRoot(), PROJECT, 8, 3);
        String url = "http://127.0.0.1:" + trainer.getAddress().getPort() + "/train";
        mlops().body(Map.of("trainer", "webhook", "url", url)).put("/api/projects/{p}/trainer", PROJECT)
                .then().statusCode(200).body("trainer", equalTo("WEBHOOK")).body("url", equalTo(url));
    }

    @Test
    void givenAWebhookTrainer_whenARoundIsLabeled_itsReportOverHttpCompletesTheRoundWithItsModel() throws Exception {
        int before = received.size();
        int round = startAndLabel(Map.of("strategy", "RANDOM", "batchSize", 2, "deadline", "P1D"));

        JsonPath done = awaitIteration(PROJECT, round, it -> !"RUNNING".equals(it.getString("status")));

        assertEquals("COMPLETED", done.getString("status"), done.prettify());
        assertEquals("WEBHOOK", done.getString("trainer"));
        Map<String, Object> handedOver = received.get(before);
        String run = (String) handedOver.get("run");
        assertEquals("resnet-" + run, done.getString("modelProduced"));
        assertEquals(0.87, done.getDouble("accuracy"), 1e-9);
        assertEquals(PROJECT, handedOver.get("project"));
        assertEquals(round, handedOver.get("iteration"));
        @SuppressWarnings("unchecked")
        List<Map<String, String>> labeled = (List<Map<String, String>>) handedOver.get("labeled");
        for (String file : done.getList("batch.fileName", String.class)) {
            Map<String, String> entry = labeled.stream().filter(l -> file.equals(l.get("file"))).findFirst()
                    .orElseThrow(() -> new AssertionError(file + " not in " + labeled));
            assertEquals("bag", entry.get("label"));
            // Trainers without a shared disk fetch the image from its URL, with the run's token.
            assertTrue(entry.get("url").matches(".*/api/trainer-runs/" + run + "/images/\\d+"), entry.toString());
        }
        assertEquals(2 * round, labeled.size(), "every label of the dataset so far (2 per round): " + labeled);
        Map<?, ?> eval = (Map<?, ?>) handedOver.get("eval");
        assertEquals(mlops().get("/api/projects/{p}/datasets", PROJECT).jsonPath().getInt("[0].evalCount"), eval.get("count"));
        String datasetLocation = (String) ((Map<?, ?>) handedOver.get("dataset")).get("location");
        assertEquals(datasetLocation + "/eval", eval.get("location"));
        assertTrue(Files.isDirectory(Path.of(datasetLocation, "eval")), datasetLocation);
        assertNotNull(handedOver.get("runToken"));
        assertEquals(List.of(200), manifestAnswers.subList(manifestAnswers.size() - 1, manifestAnswers.size()));

        mlops().get("/api/trainer-runs?project={p}&round={r}", PROJECT, round).then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].status", equalTo("SUCCEEDED"))
                .body("[0].artifactUri", equalTo("s3://models/" + run));

        // The same report again: the recorded result, nothing new.
        String token = (String) handedOver.get("runToken");
        JsonPath again = given().header(TrainerRunResource.TOKEN_HEADER, token).contentType(ContentType.JSON)
                .body(Map.of("modelVersion", "something-else", "metric", 0.1, "artifactUri", "s3://x"))
                .post("/api/trainer-runs/{run}/complete", run)
                .then().statusCode(200).body("modelVersion", equalTo("resnet-" + run)).extract().jsonPath();
        assertEquals(0.87, again.getDouble("metric"), 1e-9);
        assertEquals(1L,
                QuarkusTransaction.requiringNew().call(() -> models.count("iterationId is not null and version like ?1",
                        "%" + run)));
        assertEquals("resnet-" + run, Api.iteration(PROJECT, round).getString("modelProduced"));
    }

    @Test
    void givenATrainerThatNeverReports_whenItsTimeoutPasses_theRoundFailsAtRetrainAndARetryCompletesIt()
            throws Exception {
        mode = Mode.SILENT;
        int before = received.size();
        int round = startAndLabel(Map.of("strategy", "RANDOM", "batchSize", 2, "deadline", "P1D",
                "trainerTimeout", "PT2S", "trainerAttempts", 1));

        JsonPath failed = awaitIteration(PROJECT, round, it -> !"RUNNING".equals(it.getString("status")));
        assertEquals("FAILED", failed.getString("status"), failed.prettify());
        assertEquals("RETRAIN", failed.getString("step"));
        assertTrue(failed.getString("statusReason").contains("did not report within PT2S"), failed.getString("statusReason"));

        // The lost trainer reports after all: too late, refused, nothing recorded.
        Map<String, Object> lost = received.get(before);
        String lostRun = (String) lost.get("run");
        assertEquals(409, report((String) lost.get("completionUrl"), (String) lost.get("runToken"),
                Map.of("modelVersion", "late-" + lostRun, "metric", 0.5, "artifactUri", "s3://late")));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> models.count("version", "late-" + lostRun)));

        mode = Mode.REPORT;
        mlops().post("/api/projects/{p}/iterations/{r}/retry", PROJECT, round).then().statusCode(202)
                .body("status", equalTo("RUNNING"));
        JsonPath done = awaitIteration(PROJECT, round, it -> !"RUNNING".equals(it.getString("status")));

        assertEquals("COMPLETED", done.getString("status"), done.prettify());
        String retriedRun = (String) received.get(received.size() - 1).get("run");
        assertEquals("resnet-" + retriedRun, done.getString("modelProduced"));
        assertTrue(done.getList("events.kind").contains("RETRIED"));
        mlops().get("/api/trainer-runs?project={p}&round={r}", PROJECT, round).then().statusCode(200)
                .body("status", equalTo(List.of("FAILED", "SUCCEEDED")));

        // Another run's token cannot report for this run, and a finished iteration has nothing to retry.
        given().header(TrainerRunResource.TOKEN_HEADER, (String) lost.get("runToken")).contentType(ContentType.JSON)
                .body(Map.of("modelVersion", "forged", "metric", 0.99, "artifactUri", "s3://forged"))
                .post("/api/trainer-runs/{run}/complete", retriedRun)
                .then().statusCode(403).contentType(PROBLEM).body("field", equalTo("token"));
        mlops().post("/api/projects/{p}/iterations/{r}/retry", PROJECT, round).then().statusCode(409)
                .contentType(PROBLEM).body("field", equalTo("round"));
    }

    @Test
    void badCompletionReportsAreRefusedByFieldAndChangeNothing() {
        given().header(TrainerRunResource.TOKEN_HEADER, "whatever").contentType(ContentType.JSON)
                .body(Map.of("modelVersion", "m", "metric", 0.5, "artifactUri", "s3://m"))
                .post("/api/trainer-runs/{run}/complete", "no-such-run")
                .then().statusCode(404).contentType(PROBLEM).body("field", equalTo("run"));
        given().contentType(ContentType.JSON)
                .body("{\"modelVersion\": \"m\", \"metric\": \"high\", \"artifactUri\": \"s3://m\"}")
                .post("/api/trainer-runs/{run}/complete", "no-such-run")
                .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("metric"));
        given().contentType(ContentType.JSON).body(Map.of("modelVersion", "m", "metric", 1.7, "artifactUri", "s3://m"))
                .post("/api/trainer-runs/{run}/complete", "no-such-run")
                .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("metric"))
                .body("reason", containsString("[0, 1]"));
        given().contentType(ContentType.JSON).body(Map.of("metric", 0.5, "artifactUri", "s3://m"))
                .post("/api/trainer-runs/{run}/complete", "no-such-run")
                .then().statusCode(400).body("field", equalTo("modelVersion"));
        given().get("/api/trainer-runs/{run}/manifest", "no-such-run").then().statusCode(404).body("field", equalTo("run"));
        mlops().body(Map.of("trainer", "sagemaker")).put("/api/projects/{p}/trainer", PROJECT)
                .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("trainer"));
        mlops().body(Map.of("trainer", "webhook", "url", "ftp://x")).put("/api/projects/{p}/trainer", PROJECT)
                .then().statusCode(400).body("field", equalTo("url"));
        annotator().body(Map.of("trainer", "builtin")).put("/api/projects/{p}/trainer", PROJECT).then().statusCode(403);
        mlops().get("/api/projects/{p}/trainer", PROJECT).then().statusCode(200).body("trainer", equalTo("WEBHOOK"));
    }

    /** Starts a round and labels its whole batch with the first eval class; returns the round. */
    private static int startAndLabel(Map<String, Object> start) {
        int round = mlops().body(start).post("/api/projects/{p}/iterations", PROJECT).then().statusCode(202)
                .extract().jsonPath().getInt("round");
        JsonPath labeling = awaitIteration(PROJECT, round, it -> "LABELING".equals(it.getString("step")));
        List<Map<String, String>> labels = labeling.getList("batch.fileName", String.class).stream()
                .map(f -> Map.of("fileName", f, "label", "bag")).toList();
        annotator().body(Map.of("labels", labels)).post("/api/projects/{p}/iterations/{r}/labels", PROJECT, round)
                .then().statusCode(200);
        return round;
    }
}
