package dev.needle.web.trainer;

import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.activities.formats.Json;
import dev.needle.activities.formats.ZipFolder;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.activities.selection.SelectedSampleRepository;
import dev.needle.activities.selection.SelectionActivitiesImpl;
import dev.needle.web.SmallProject;
import dev.needle.web.formats.DetectionPool;

/**
 * A trainer hands its model back on its run, and the next round predicts with it: an ONNX network Needle runs over the
 * pool, or the trainer's own predictions of the pool. The trainer here is the test itself on the other end of the
 * webhook, calling Needle over HTTP with the run's token as a team's trainer does; everything on Needle's side is real
 * (embedded Temporal, the activities, ONNX Runtime).
 */
@QuarkusTest
class TrainerHandBackTest {

    private static final String PROBLEM = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The reference trainer's network, 8×8 grey input, Fashion-MNIST's ten classes (onnx/make_classifier_nets.py). */
    private static final Map<String, Object> CARD = Map.of("kind", "onnx",
            "outputs", Map.of("probabilities", "probabilities", "features", "features"),
            "input", Map.of("name", "image", "width", 8, "height", 8, "colour", "grey", "mean", List.of(0.5),
                    "std", List.of(0.5)));

    private static HttpServer trainer;
    /** Every hand-over the trainer received, in order: the manifest with the run's token. */
    private static final BlockingQueue<Map<String, Object>> handedOver = new LinkedBlockingQueue<>();

    @Inject
    DatasetRegistry registry;
    @Inject
    IterationRepository iterations;
    @Inject
    ProjectRepository projects;
    @Inject
    SelectedSampleRepository selections;
    @Inject
    SelectionActivitiesImpl selection;

    @BeforeAll
    static void startTheTrainer() throws IOException {
        trainer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        trainer.createContext("/train", exchange -> {
            handedOver.add(JSON.readValue(exchange.getRequestBody(), new TypeReference<>() {
            }));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        trainer.start();
    }

    @AfterAll
    static void stopTheTrainer() {
        trainer.stop(0);
    }

    private static byte[] network() throws IOException {
        try (InputStream in = TrainerHandBackTest.class.getResourceAsStream("/onnx/classifier-ten-classes.onnx")) {
            return in.readAllBytes();
        }
    }

    private void givenAProject(String slug) throws IOException {
        SmallProject.create(registry.datasetsRoot(), slug, 24, 2);
        mlops().body(Map.of("trainer", "WEBHOOK", "url", "http://127.0.0.1:" + trainer.getAddress().getPort() + "/train"))
                .put("/api/projects/{p}/trainer", slug).then().statusCode(200);
    }

    /** Starts a round, labels its whole batch and returns the run its trainer was handed. */
    private static Map<String, Object> roundHandedOver(String slug, int round, String strategy) throws Exception {
        mlops().body(Map.of("strategy", strategy, "batchSize", 4, "seed", round, "deadline", "P1D"))
                .post("/api/projects/{p}/iterations", slug).then().statusCode(202);
        JsonPath labeling = awaitIteration(slug, round, s -> "LABELING".equals(s.getString("step")));
        List<Map<String, String>> labels = labeling.getList("batch.fileName", String.class).stream()
                .map(f -> Map.of("fileName", f, "label", "bag")).toList();
        annotator().body(Map.of("labels", labels)).post("/api/projects/{p}/iterations/{r}/labels", slug, round).then()
                .statusCode(200);
        Map<String, Object> run = handedOver.poll(60, TimeUnit.SECONDS);
        assertTrue(run != null, "the trainer was never handed the round");
        assertEquals(round, run.get("iteration"));
        return run;
    }

    private static RequestSpecification as(Map<String, Object> run) {
        return given().header(TrainerRunResource.TOKEN_HEADER, (String) run.get("runToken"));
    }

    private static String path(Object url) {
        return ((String) url).replaceFirst("^https?://[^/]+", "");
    }

    @Test
    void givenATrainerThatHandsBackAnOnnxNetwork_theNextRoundPredictsWithIt() throws Exception {
        String slug = "handback-onnx";
        givenAProject(slug);
        Map<String, Object> run = roundHandedOver(slug, 1, "RANDOM");

        // A trainer without Needle's disk reads every image through its URL.
        @SuppressWarnings("unchecked")
        Map<String, String> first = ((List<Map<String, String>>) run.get("labeled")).get(0);
        byte[] served = as(run).get(path(first.get("url"))).then().statusCode(200).extract().asByteArray();
        Path onDisk = registry.datasetsRoot().resolve(slug + "-dataset").resolve(first.get("file"));
        assertArrayEquals(Files.readAllBytes(onDisk), served);

        as(run).contentType(ContentType.BINARY).body(network()).put(path(run.get("modelUrl"))).then().statusCode(200)
                .body("bytes", equalTo(network().length));
        String version = slug + "-cnn-" + run.get("run");
        as(run).contentType(ContentType.JSON).body(Map.of("modelVersion", version, "metric", 0.5, "model", CARD))
                .post(path(run.get("completionUrl"))).then().statusCode(200).body("status", equalTo("SUCCEEDED"));
        awaitIteration(slug, 1, s -> "COMPLETED".equals(s.getString("status")));
        mlops().get("/api/projects/{p}", slug).then().body("currentModel.version", equalTo(version));

        // Round 2 predicts with the trainer's network: no cold start, and the lineage says which model, of what kind.
        mlops().body(Map.of("strategy", "UNCERTAINTY", "batchSize", 4, "seed", 2, "deadline", "P1D"))
                .post("/api/projects/{p}/iterations", slug).then().statusCode(202);
        JsonPath round2 = awaitIteration(slug, 2, s -> "LABELING".equals(s.getString("step")));
        assertFalse(round2.getBoolean("coldStart"), round2.prettify());
        assertEquals("UNCERTAINTY", round2.getString("strategyUsed"));
        assertEquals(version, round2.getString("modelUsed"));
        assertEquals("onnx", round2.getString("lineage.modelKind"));
        assertEquals(run.get("run"), round2.getString("lineage.trainerRun"));
        assertTrue(round2.getList("batch.score", Float.class).stream().allMatch(score -> score != null && score > 0),
                "every pick has an uncertainty from the network: " + round2.getList("batch.score"));
        // The lineage alone computes the same batch again, without the network.
        long[][] recordedAndReplayed = QuarkusTransaction.requiringNew().call(() -> {
            long iterationId = iterations.inRound(projects.findBySlug(slug).orElseThrow().id, 2).orElseThrow().id;
            return new long[][] { selections.forIteration(iterationId).stream().mapToLong(p -> p.sampleId).toArray(),
                    selection.replay(iterationId) };
        });
        assertArrayEquals(recordedAndReplayed[0], recordedAndReplayed[1]);
        mlops().body(Map.of()).post("/api/projects/{p}/iterations/2/cancel", slug).then().statusCode(202);
        awaitIteration(slug, 2, s -> !"RUNNING".equals(s.getString("status")));
    }

    @Test
    void everyBadHandBackIsRefusedByFieldAndLeavesTheProjectsModelAsItWas() throws Exception {
        String slug = "handback-refusals";
        givenAProject(slug);
        Map<String, Object> run = roundHandedOver(slug, 1, "RANDOM");
        String complete = path(run.get("completionUrl"));
        String modelUrl = path(run.get("modelUrl"));

        given().header(TrainerRunResource.TOKEN_HEADER, "not-the-token").contentType(ContentType.BINARY).body(network())
                .put(modelUrl).then().statusCode(403).contentType(PROBLEM).body("field", equalTo("token"));
        // Reporting a model before uploading one.
        refused(as(run).contentType(ContentType.JSON).body(report("v0", CARD)).post(complete), 400, "model");

        as(run).contentType(ContentType.BINARY).body(network()).put(modelUrl).then().statusCode(200);
        refused(as(run).contentType(ContentType.JSON)
                .body(report("v1", card(Map.of("logits", "probabilities")))).post(complete), 400, "model.outputs.logits");
        refused(as(run).contentType(ContentType.JSON)
                .body(report("v2", card(Map.of("probabilities", "scores")))).post(complete), 400,
                "model.outputs.probabilities");
        refused(as(run).contentType(ContentType.JSON)
                .body(report("v3", card(Map.of("probabilities", "probabilities", "features", "embedding"))))
                .post(complete), 400, "model.outputs.features");

        byte[] whole = network();
        as(run).contentType(ContentType.BINARY).body(Arrays.copyOf(whole, whole.length / 2)).put(modelUrl).then()
                .statusCode(200);
        refused(as(run).contentType(ContentType.JSON).body(report("v4", CARD)).post(complete), 400, "model");

        // Larger than needle.trainer.max-model-size (1M in tests): refused while it streams in, naming the limit.
        as(run).contentType(ContentType.BINARY).body(new byte[(1 << 20) + 1]).put(modelUrl).then().statusCode(413)
                .contentType(PROBLEM).body("field", equalTo("model"))
                .body("reason", equalTo("larger than the limit of 1 MB (1048576 bytes)"));

        // Predictions that leave pool images out cannot stand in for a model (the import lists eval images as missing
        // too; a model needs predictions of the pool only).
        as(run).contentType("application/zip").body(predictions(slug, 3)).put(path(run.get("predictionsUrl"))).then()
                .statusCode(200).body("missing", equalTo(evalCount(slug) + 3));
        refused(as(run).contentType(ContentType.JSON).body(report("v5", Map.of("kind", "predictions"))).post(complete),
                400, "predictions");

        mlops().get("/api/projects/{p}", slug).then().body("currentModel", equalTo(null));
        mlops().get("/api/trainer-runs?project={p}&round=1", slug).then().body("[0].status", equalTo("PENDING"));

        // A good report at last; after it the run is no longer awaited, for uploads nor images.
        as(run).contentType(ContentType.BINARY).body(network()).put(modelUrl).then().statusCode(200);
        as(run).contentType(ContentType.JSON).body(report("good-" + run.get("run"), CARD)).post(complete).then()
                .statusCode(200);
        refused(as(run).contentType(ContentType.BINARY).body(network()).put(modelUrl), 409, "run");
        @SuppressWarnings("unchecked")
        String image = path(((List<Map<String, String>>) run.get("labeled")).get(0).get("url"));
        refused(as(run).get(image), 409, "run");
        awaitIteration(slug, 1, s -> "COMPLETED".equals(s.getString("status")));
    }

    @Test
    void givenATrainerThatHandsBackItsPredictionsOfThePool_theNextRoundScoresThemAsTheyAre() throws Exception {
        String slug = "handback-predictions";
        givenAProject(slug);
        Map<String, Object> run = roundHandedOver(slug, 1, "RANDOM");
        as(run).contentType("application/zip").body(predictions(slug, 0)).put(path(run.get("predictionsUrl"))).then()
                .statusCode(200).body("missing", equalTo(evalCount(slug)));
        String version = slug + "-" + run.get("run");
        as(run).contentType(ContentType.JSON).body(report(version, Map.of("kind", "predictions")))
                .post(path(run.get("completionUrl"))).then().statusCode(200);
        awaitIteration(slug, 1, s -> "COMPLETED".equals(s.getString("status")));

        mlops().body(Map.of("strategy", "UNCERTAINTY", "batchSize", 2, "seed", 2, "deadline", "P1D"))
                .post("/api/projects/{p}/iterations", slug).then().statusCode(202);
        JsonPath round2 = awaitIteration(slug, 2, s -> "LABELING".equals(s.getString("step")));
        assertFalse(round2.getBoolean("coldStart"), round2.prettify());
        assertEquals(version, round2.getString("modelUsed"));
        assertEquals("predictions", round2.getString("lineage.modelKind"));
        // The delivered margin is highest for the unlabeled images whose "bag" probability is nearest 0.5.
        List<String> pool = poolOf(slug);
        List<String> labeled = awaitIteration(slug, 1, s -> true).getList("batch.fileName", String.class);
        List<String> expected = java.util.stream.IntStream.range(0, pool.size()).boxed()
                .filter(i -> !labeled.contains(pool.get(i)))
                .sorted(java.util.Comparator.comparingDouble(i -> Math.abs(bagProbability(i, pool.size()) - 0.5)))
                .limit(2).map(pool::get).toList();
        assertEquals(expected, round2.getList("batch.fileName", String.class));
        mlops().body(Map.of()).post("/api/projects/{p}/iterations/2/cancel", slug).then().statusCode(202);
        awaitIteration(slug, 2, s -> !"RUNNING".equals(s.getString("status")));
    }

    @Test
    void aDetectionTrainerReadsTheLabeledBoxesAndPredictionsWithABoxOutsideItsImageAreRefused() throws Exception {
        String slug = "handback-detection";
        String folder = slug + "-images";
        List<String> pool = DetectionPool.images(registry.datasetsRoot().resolve(folder), 8);
        mlops().body(Map.of("slug", slug, "classes", DetectionPool.CLASSES, "taskType", "object-detection"))
                .post("/api/projects").then().statusCode(201);
        mlops().body(Map.of("name", "v1", "folder", folder)).post("/api/projects/{p}/datasets", slug).then()
                .statusCode(201);
        mlops().body(Map.of("trainer", "WEBHOOK", "url", "http://127.0.0.1:" + trainer.getAddress().getPort() + "/train"))
                .put("/api/projects/{p}/trainer", slug).then().statusCode(200);
        mlops().body(Map.of("strategy", "RANDOM", "batchSize", 2, "seed", 1, "deadline", "P1D"))
                .post("/api/projects/{p}/iterations", slug).then().statusCode(202);
        awaitIteration(slug, 1, s -> "LABELING".equals(s.getString("step")));

        // The annotator draws a car and a person on the first image of the batch and nothing on the second (COCO).
        ObjectNode coco = (ObjectNode) Json.parse(annotator().get("/api/projects/{p}/iterations/1/export/coco", slug)
                .then().statusCode(200).extract().asByteArray(), "coco");
        String withBoxes = coco.at("/images/0/file_name").asText();
        String empty = coco.at("/images/1/file_name").asText();
        long car = categoryId(coco, "car");
        long person = categoryId(coco, "person");
        ArrayNode annotations = coco.putArray("annotations");
        annotations.addObject().put("id", 1).put("image_id", coco.at("/images/0/id").asLong()).put("category_id", car)
                .putArray("bbox").add(2.5).add(3).add(20).add(10);
        annotations.addObject().put("id", 2).put("image_id", coco.at("/images/0/id").asLong())
                .put("category_id", person).putArray("bbox").add(40).add(5).add(6).add(14);
        annotator().body(Json.write(coco)).post("/api/projects/{p}/iterations/1/labels/coco", slug).then()
                .statusCode(200).body("recorded", equalTo(2));

        // The manifest carries each label's boxes, in pixels as stored; a detection label names no class of its own.
        Map<String, Object> run = handedOver.poll(60, TimeUnit.SECONDS);
        assertTrue(run != null, "the trainer was never handed the round");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> labeled = ((List<Map<String, Object>>) run.get("labeled")).stream()
                .collect(java.util.stream.Collectors.toMap(e -> (String) e.get("file"), e -> e));
        assertEquals(List.of(Map.of("label", "car", "x", 2.5, "y", 3.0, "width", 20.0, "height", 10.0),
                Map.of("label", "person", "x", 40.0, "y", 5.0, "width", 6.0, "height", 14.0)),
                labeled.get(withBoxes).get("boxes"));
        assertEquals(List.of(), labeled.get(empty).get("boxes"));
        assertFalse(labeled.get(withBoxes).containsKey("label"), labeled.toString());

        // A box that sticks out of its 64×48 image: refused by file and field, and nothing changes.
        Map<String, List<DetectionPool.Box>> detections = new LinkedHashMap<>();
        for (String image : pool)
            detections.put(image, List.of(new DetectionPool.Box(0, 1, 1, 10, 10, 0.5)));
        detections.put(pool.get(3), List.of(new DetectionPool.Box(0, 1, 1, 10, 10, 0.5),
                new DetectionPool.Box(1, 50, 10, 20, 10, 0.5)));
        String predictionsUrl = path(run.get("predictionsUrl"));
        String complete = path(run.get("completionUrl"));
        as(run).contentType("application/zip").body(DetectionPool.lightlyZip(detections)).put(predictionsUrl).then()
                .statusCode(400).contentType(PROBLEM).body("field", equalTo("predictions[1].bbox"))
                .body("file", equalTo("det/img_3.json"));
        refused(as(run).contentType(ContentType.JSON).body(report("det-v0", Map.of("kind", "predictions")))
                .post(complete), 400, "model");
        mlops().get("/api/projects/{p}", slug).then().body("currentModel", equalTo(null));
        mlops().get("/api/trainer-runs?project={p}&round=1", slug).then().body("[0].status", equalTo("PENDING"));

        detections.put(pool.get(3), List.of(new DetectionPool.Box(1, 40, 10, 20, 10, 0.5)));
        as(run).contentType("application/zip").body(DetectionPool.lightlyZip(detections)).put(predictionsUrl).then()
                .statusCode(200).body("missing", equalTo(0));
        String version = slug + "-" + run.get("run");
        as(run).contentType(ContentType.JSON).body(report(version, Map.of("kind", "predictions"))).post(complete).then()
                .statusCode(200);
        awaitIteration(slug, 1, s -> "COMPLETED".equals(s.getString("status")));
        mlops().get("/api/projects/{p}", slug).then().body("currentModel.version", equalTo(version))
                .body("currentModel.kind", equalTo("predictions"));
    }

    private static long categoryId(JsonNode coco, String name) {
        for (JsonNode category : coco.get("categories"))
            if (name.equals(category.get("name").asText()))
                return category.get("id").asLong();
        throw new AssertionError("no category " + name + " in " + coco.get("categories"));
    }

    private static double bagProbability(int i, int n) {
        return (i + 0.3) / n;
    }

    private static void refused(io.restassured.response.Response response, int status, String field) {
        response.then().statusCode(status).contentType(PROBLEM).body("field", equalTo(field));
    }

    private static Map<String, Object> report(String version, Map<String, Object> card) {
        return Map.of("modelVersion", version, "metric", 0.5, "model", card);
    }

    private static Map<String, Object> card(Map<String, String> outputs) {
        Map<String, Object> card = new LinkedHashMap<>(CARD);
        card.put("outputs", outputs);
        return card;
    }

    private static int evalCount(String slug) {
        return mlops().get("/api/projects/{p}/datasets", slug).jsonPath().getInt("[0].evalCount");
    }

    private static List<String> poolOf(String slug) {
        long dataset = mlops().get("/api/projects/{p}/datasets", slug).jsonPath().getLong("[0].id");
        return mlops().get("/api/projects/{p}/datasets/{d}/samples", slug, dataset).jsonPath()
                .getList("findAll { it.split == 'POOL' }.path", String.class).stream().sorted().toList();
    }

    /**
     * A Lightly classification folder for the pool, all but the last {@code leaveOut} images: image i of n (by path)
     * gets P(bag) = p(i) and P(coat) = 1 − p(i), so its margin uncertainty is 1 − |2 p(i) − 1|, distinct for every image.
     */
    private static byte[] predictions(String slug, int leaveOut) throws IOException {
        List<String> classes = mlops().get("/api/projects/{p}", slug).jsonPath().getList("classes", String.class);
        List<String> pool = poolOf(slug);
        Map<String, byte[]> folder = new LinkedHashMap<>();
        folder.put("tasks.json", JSON.writeValueAsBytes(List.of("cls")));
        List<Map<String, Object>> categories = new java.util.ArrayList<>();
        for (int c = 0; c < classes.size(); c++)
            categories.add(Map.of("id", c, "name", classes.get(c)));
        folder.put("cls/schema.json", JSON.writeValueAsBytes(Map.of("task_type", "classification", "categories",
                categories)));
        int bag = classes.indexOf("bag");
        for (int i = 0; i < pool.size() - leaveOut; i++) {
            double p = bagProbability(i, pool.size());
            double[] probabilities = new double[classes.size()];
            probabilities[bag] = p;
            probabilities[classes.indexOf("coat")] = 1 - p;
            folder.put("cls/" + i + ".json", JSON.writeValueAsBytes(Map.of("file_name", pool.get(i), "predictions",
                    List.of(Map.of("category_id", bag, "probabilities", probabilities)))));
        }
        return ZipFolder.write(folder);
    }
}
