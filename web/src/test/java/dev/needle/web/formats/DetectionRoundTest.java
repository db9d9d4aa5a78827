package dev.needle.web.formats;

import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.iteration;
import static dev.needle.web.Api.mlops;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.activities.formats.Json;

/**
 * A detection project end to end over HTTP: a detector's output imported in Lightly's format scores the pool for
 * CORAL, the batch goes out as Label Studio tasks and COCO, and boxes come back as COCO annotations, a Label Studio
 * export and live through the webhook.
 */
@QuarkusTest
class DetectionRoundTest {

    private static final String PROJECT = "det-e2e";
    private static final String PROBLEM = "application/problem+json";
    private static final String SECRET = "test-secret";

    @Inject
    DatasetRegistry registry;

    @Test
    void importedLightlyDetectionsDriveACoralRoundAndBoxLabelsComeBackInEveryFormat() throws IOException {
        Path folder = registry.datasetsRoot().resolve("det-e2e-images");
        List<String> paths = DetectionPool.images(folder, 24);
        Map<String, List<DetectionPool.Box>> detections = DetectionPool.detections(paths);
        mlops().body(Map.of("slug", PROJECT, "classes", DetectionPool.CLASSES, "taskType", "object-detection"))
                .post("/api/projects").then().statusCode(201).body("taskType", equalTo("object-detection"));
        mlops().body(Map.of("name", "v1", "folder", "det-e2e-images")).post("/api/projects/{p}/datasets", PROJECT)
                .then().statusCode(201).body("poolCount", equalTo(24));

        // A box that sticks out of its 64×48 image: refused by file and field, and nothing is stored.
        Map<String, List<DetectionPool.Box>> broken = new java.util.LinkedHashMap<>(detections);
        broken.put("pool/img_3.png", List.of(new DetectionPool.Box(0, 1, 1, 10, 10, 0.5),
                new DetectionPool.Box(1, 50, 10, 20, 10, 0.5)));
        importLightly(DetectionPool.lightlyZip(broken)).then().statusCode(400).contentType(PROBLEM)
                .body("file", equalTo("det/img_3.json")).body("field", equalTo("predictions[1].bbox"))
                .body("reason", containsString("outside the image"));
        mlops().get("/api/projects/{p}/imports", PROJECT).then().statusCode(200).body("$", hasSize(0));

        JsonPath imported = importLightly(DetectionPool.lightlyZip(detections)).then().statusCode(201)
                .body("kind", equalTo("predictions")).body("format", equalTo("lightly-predictions"))
                .body("taskType", equalTo("object-detection")).body("matched", equalTo(24))
                .body("missingCount", equalTo(0)).extract().jsonPath();
        long importId = imported.getLong("id");

        mlops().body(Map.of("strategy", "CORAL", "batchSize", 6, "seed", 3, "scorer", "objectness_least_confidence",
                "predictionsImport", importId)).post("/api/projects/{p}/iterations", PROJECT).then().statusCode(202);
        JsonPath round = awaitIteration(PROJECT, 1, s -> "LABELING".equals(s.getString("step")));
        assertEquals("CORAL", round.getString("strategyUsed"));
        assertEquals(false, round.getBoolean("coldStart"), "imported predictions are a model's output: no cold start");
        assertEquals("imported:" + importId, round.getString("lineage.predictionsSource"));
        assertEquals("computed", round.getString("lineage.embeddingsSource"));
        List<String> batch = round.getList("batch.fileName");
        List<Double> scores = round.getList("batch.score", Double.class);
        for (int i = 0; i < batch.size(); i++) {
            List<DetectionPool.Box> boxes = detections.get(batch.get(i));
            double mean = boxes.stream().mapToDouble(DetectionPool.Box::score).average().orElse(1);
            double expected = boxes.isEmpty() ? 0 : 1 - mean;
            assertEquals(expected, scores.get(i), 1e-5, "objectness least confidence of " + batch.get(i));
        }

        // Label Studio tasks: the detector's boxes as pre-annotations in percent of the image.
        JsonNode tasks = Json.parse(annotator().get("/api/projects/{p}/iterations/1/export/label-studio", PROJECT)
                .then().statusCode(200).extract().asByteArray(), "tasks");
        assertEquals(6, tasks.size());
        for (JsonNode task : tasks) {
            String path = task.at("/data/file_name").asText();
            assertEquals("/data/local-files/?d=det-e2e-images/" + path, task.at("/data/image").asText());
            JsonNode prediction = task.at("/predictions/0");
            assertEquals("imported:" + importId, prediction.get("model_version").asText());
            List<DetectionPool.Box> boxes = detections.get(path);
            assertEquals(boxes.size(), prediction.get("result").size());
            for (int b = 0; b < boxes.size(); b++) {
                JsonNode value = prediction.get("result").get(b).get("value");
                assertEquals(100 * boxes.get(b).x() / 64, value.get("x").asDouble(), 1e-9);
                assertEquals(100 * boxes.get(b).h() / 48, value.get("height").asDouble(), 1e-9);
                assertEquals(DetectionPool.CLASSES.get(boxes.get(b).category()),
                        value.get("rectanglelabels").get(0).asText());
            }
        }

        // COCO: the batch's images and the project's categories; labels for four images come back as annotations.
        ObjectNode coco = (ObjectNode) Json.parse(annotator().get("/api/projects/{p}/iterations/1/export/coco", PROJECT)
                .then().statusCode(200).extract().asByteArray(), "coco");
        assertEquals(6, coco.get("images").size());
        assertEquals(0, coco.get("annotations").size());
        ArrayNode four = Json.MAPPER.createArrayNode();
        for (int i = 0; i < 4; i++)
            four.add(coco.get("images").get(i));
        coco.set("images", four);
        ArrayNode annotations = coco.putArray("annotations");
        annotations.addObject().put("id", 1).put("image_id", 1).put("category_id", 2).putArray("bbox").add(60).add(0)
                .add(10).add(10);
        postCoco(coco).then().statusCode(400).contentType(PROBLEM).body("file", equalTo("(upload)"))
                .body("field", equalTo("annotations[0].bbox"));
        assertEquals(0, iteration(PROJECT, 1).getInt("labeled"), "a refused file stores nothing");
        ((ArrayNode) annotations.get(0).get("bbox")).removeAll().add(2.5).add(0).add(10).add(10);
        annotations.addObject().put("id", 2).put("image_id", 2).put("category_id", 1).putArray("bbox").add(0).add(1)
                .add(30).add(20);
        postCoco(coco).then().statusCode(200).body("recorded", equalTo(4)).body("labeledInBatch", equalTo(4));
        JsonNode exported = Json.parse(annotator().get("/api/projects/{p}/iterations/1/export/coco", PROJECT).then()
                .statusCode(200).extract().asByteArray(), "coco");
        assertEquals(2, exported.get("annotations").size());
        assertEquals("[2.5,0.0,10.0,10.0]", exported.at("/annotations/0/bbox").toString());
        assertEquals(2, exported.at("/annotations/0/category_id").asInt());

        // Label Studio round trip: the export carries the stored boxes; importing it back changes nothing.
        byte[] lsExport = annotator().get("/api/projects/{p}/iterations/1/export/label-studio", PROJECT).then()
                .statusCode(200).extract().asByteArray();
        annotator().contentType("application/json").body(lsExport)
                .post("/api/projects/{p}/iterations/1/labels/label-studio", PROJECT).then().statusCode(200)
                .body("recorded", equalTo(0)).body("unchanged", equalTo(4));

        // The webhook: secret checked first; created, replayed, updated, deleted and replayed again.
        String fifth = batch.get(4);
        String sixth = batch.get(5);
        byte[] created = annotationEvent("ANNOTATION_CREATED", 501, fifth, 10, 10, 20, 20, "car");
        webhook(null, created).then().statusCode(401).contentType(PROBLEM).body("field", equalTo("X-Needle-Secret"));
        webhook("wrong", created).then().statusCode(401).contentType(PROBLEM);
        assertEquals(4, iteration(PROJECT, 1).getInt("labeled"));
        webhook(SECRET, created).then().statusCode(200).body("recorded", equalTo(1));
        webhook(SECRET, created).then().statusCode(200).body("recorded", equalTo(0)).body("unchanged", equalTo(1));
        assertEquals(5, iteration(PROJECT, 1).getInt("labeled"));
        webhook(SECRET, annotationEvent("ANNOTATION_UPDATED", 501, fifth, 0, 0, 50, 50, "person")).then()
                .statusCode(200).body("recorded", equalTo(1));
        byte[] deleted = Json.write(Json.MAPPER.createObjectNode().put("action", "ANNOTATIONS_DELETED")
                .set("annotations", Json.MAPPER.createArrayNode().add(Json.MAPPER.createObjectNode().put("id", 501))));
        webhook(SECRET, deleted).then().statusCode(200).body("withdrawn", equalTo(List.of(fifth)))
                .body("labeledInBatch", equalTo(4));
        webhook(SECRET, deleted).then().statusCode(200).body("withdrawn", hasSize(0));
        assertEquals(4, iteration(PROJECT, 1).getInt("labeled"));
        // The workflow counted the withdrawal: five labels of six keep the round open.
        webhook(SECRET, annotationEvent("ANNOTATION_CREATED", 503, sixth, 1, 1, 5, 5, "person")).then().statusCode(200)
                .body("recorded", equalTo(1)).body("labeledInBatch", equalTo(5));
        assertEquals("LABELING", iteration(PROJECT, 1).getString("step"));
        webhook(SECRET, annotationEvent("ANNOTATION_CREATED", 502, fifth, 1, 1, 5, 5, "car")).then().statusCode(200)
                .body("recorded", equalTo(1)).body("labeledInBatch", equalTo(6));

        // Every image has boxes: the round retrains, and says plainly that no built-in model was trained.
        JsonPath done = awaitIteration(PROJECT, 1, s -> "COMPLETED".equals(s.getString("status")));
        assertNull(done.get("modelProduced"));
        assertTrue(done.getList("events.kind").contains("NO_MODEL_TRAINED"), done.prettify());
        assertEquals("1 boxes", done.getString("batch.find { it.fileName == '" + sixth + "' }.label"));
    }

    private static io.restassured.response.Response importLightly(byte[] zip) {
        return mlops().contentType("application/zip").body(zip).post("/api/projects/{p}/imports/predictions/lightly",
                PROJECT);
    }

    private static io.restassured.response.Response postCoco(JsonNode coco) {
        return annotator().body(Json.write(coco)).post("/api/projects/{p}/iterations/1/labels/coco", PROJECT);
    }

    private static io.restassured.response.Response webhook(String secret, byte[] body) {
        var request = given().contentType("application/json").body(body);
        if (secret != null)
            request = request.header("X-Needle-Secret", secret);
        return request.post("/api/projects/{p}/label-studio/webhook", PROJECT);
    }

    /** An annotation event as Label Studio sends it, with the task Needle exported (its data names the image). */
    private static byte[] annotationEvent(String action, int id, String path, double x, double y, double w, double h,
            String label) {
        ObjectNode event = Json.MAPPER.createObjectNode().put("action", action);
        ObjectNode annotation = event.putObject("annotation").put("id", id).put("was_cancelled", false)
                .put("completed_by", 1).put("task", 40 + id);
        ObjectNode item = annotation.putArray("result").addObject().put("from_name", "label").put("to_name", "image")
                .put("type", "rectanglelabels").put("original_width", 64).put("original_height", 48);
        ObjectNode value = item.putObject("value").put("x", x).put("y", y).put("width", w).put("height", h)
                .put("rotation", 0);
        value.putArray("rectanglelabels").add(label);
        ObjectNode task = event.putObject("task").put("id", 40 + id);
        task.putObject("data").put("image", "/data/local-files/?d=det-e2e-images/" + path).put("file_name", path)
                .put("needle_project", PROJECT).put("needle_round", 1);
        event.putObject("project").put("id", 1).put("title", "Needle " + PROJECT);
        return Json.write(event);
    }
}
