package dev.needle.web.formats;

import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.activities.formats.Json;
import dev.needle.activities.formats.lightly.LightlyEmbeddings;

/**
 * Embeddings and predictions a team brings: Lightly's embeddings.csv and COCO results stand in for the embed and
 * predict steps, images the files do not cover are listed, and faults name the file and the field.
 */
@QuarkusTest
class ImportedInputsTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    DatasetRegistry registry;

    @Test
    void importedEmbeddingsAndCocoResultsReplaceTheEmbedAndPredictSteps() throws IOException {
        String project = "det-coco";
        List<String> paths = DetectionPool.images(registry.datasetsRoot().resolve("det-coco-images"), 20);
        mlops().body(Map.of("slug", project, "classes", DetectionPool.CLASSES, "taskType", "object-detection"))
                .post("/api/projects").then().statusCode(201);
        mlops().body(Map.of("name", "v1", "folder", "det-coco-images")).post("/api/projects/{p}/datasets", project)
                .then().statusCode(201);

        // Embeddings for 18 of the 20 images, named by bare file name as Lightly writes them.
        Random random = new Random(5);
        List<String> names = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (String path : paths.subList(0, 18)) {
            names.add(path.substring(path.lastIndexOf('/') + 1));
            float[] v = new float[8];
            for (int j = 0; j < v.length; j++)
                v[j] = (float) random.nextGaussian();
            vectors.add(v);
        }
        String csv = LightlyEmbeddings.write(names, vectors);
        String shortRow = csv.replaceFirst("\nimg_2\\.png,([^,]*),", "\nimg_2.png,");
        importEmbeddings(project, shortRow).then().statusCode(400).contentType(PROBLEM)
                .body("file", equalTo("embeddings.csv")).body("field", equalTo("line 4"));
        importEmbeddings(project, csv.replace("img_5.png", "img_99.png")).then().statusCode(400)
                .body("field", equalTo("line 7.filenames")).body("reason", containsString("img_99.png"));
        mlops().get("/api/projects/{p}/imports", project).then().body("$", hasSize(0));
        JsonPath embeddings = importEmbeddings(project, csv).then().statusCode(201).body("dimension", equalTo(8))
                .body("matched", equalTo(18)).body("missingCount", equalTo(2))
                .body("missing", equalTo(paths.subList(18, 20))).extract().jsonPath();

        // COCO results with the dataset's image list; one score outside [0, 1] is refused first.
        ObjectNode images = Json.MAPPER.createObjectNode();
        ArrayNode list = images.putArray("images");
        for (int i = 0; i < paths.size(); i++)
            list.addObject().put("id", 100 + i).put("file_name", paths.get(i)).put("width", 64).put("height", 48);
        ArrayNode categories = images.putArray("categories");
        categories.addObject().put("id", 1).put("name", "car");
        categories.addObject().put("id", 2).put("name", "person");
        ArrayNode results = Json.MAPPER.createArrayNode();
        for (int i = 0; i < paths.size(); i++) {
            ObjectNode r = results.addObject().put("image_id", 100 + i).put("category_id", 1 + i % 2)
                    .put("score", (i + 1) / 21.0);
            r.putArray("bbox").add(1).add(2).add(10).add(12);
        }
        ((ObjectNode) results.get(3)).put("score", 1.25);
        importCoco(project, results, images).then().statusCode(400).contentType(PROBLEM)
                .body("file", equalTo("results.json")).body("field", equalTo("[3].score"));
        ((ObjectNode) results.get(3)).put("score", 0.5);
        JsonPath predictions = importCoco(project, results, images).then().statusCode(201)
                .body("format", equalTo("coco-results")).body("matched", equalTo(20)).extract().jsonPath();

        mlops().body(Map.of("strategy", "UNCERTAINTY", "batchSize", 4, "scorer", "uncertainty_margin",
                "embeddingsImport", predictions.getLong("id"))).post("/api/projects/{p}/iterations", project)
                .then().statusCode(400).body("field", equalTo("embeddingsImport"));
        mlops().body(Map.of("strategy", "CORESET", "batchSize", 4, "scorer", "uncertainty_entropy",
                "embeddingsImport", embeddings.getLong("id"), "predictionsImport", predictions.getLong("id")))
                .post("/api/projects/{p}/iterations", project).then().statusCode(202);
        JsonPath round = awaitIteration(project, 1, s -> "LABELING".equals(s.getString("step")));
        assertEquals("imported:" + embeddings.getLong("id"), round.getString("lineage.embeddingsSource"));
        assertEquals("imported:" + predictions.getLong("id"), round.getString("lineage.predictionsSource"));
        List<String> batch = round.getList("batch.fileName");
        assertEquals(4, batch.size());
        assertFalse(batch.contains(paths.get(18)) || batch.contains(paths.get(19)), "images without embeddings: " + batch);
        annotator().get("/api/projects/{p}/iterations/1/export/csv", project).then().statusCode(400)
                .contentType(PROBLEM).body("field", equalTo("format"));
        mlops().body(Map.of()).post("/api/projects/{p}/iterations/1/cancel", project).then().statusCode(202);
        awaitIteration(project, 1, s -> "CANCELLED".equals(s.getString("status")));
    }

    @Test
    void aClassificationProjectTakesLightlyClassificationPredictionsAndRoundTripsItsLabelsAsCsv() throws IOException {
        String project = "cls-formats";
        List<String> paths = DetectionPool.images(registry.datasetsRoot().resolve("cls-formats-images"), 12);
        mlops().body(Map.of("slug", project, "classes", List.of("cat", "dog"))).post("/api/projects").then()
                .statusCode(201).body("taskType", equalTo("classification"));
        mlops().body(Map.of("name", "v1", "folder", "cls-formats-images")).post("/api/projects/{p}/datasets", project)
                .then().statusCode(201);
        java.util.Map<String, byte[]> folder = new java.util.LinkedHashMap<>();
        folder.put("tasks.json", Json.write(Json.MAPPER.createArrayNode().add("cls")));
        folder.put("cls/schema.json", Json.write(Json.parse(
                "{\"task_type\":\"classification\",\"categories\":[{\"id\":0,\"name\":\"dog\"},{\"id\":1,\"name\":\"cat\"}]}"
                        .getBytes(),
                "s")));
        for (int i = 0; i < paths.size(); i++) {
            double p = (i + 0.5) / paths.size();
            folder.put("cls/" + i + ".json", Json.write(Json.parse(("{\"file_name\":\"" + paths.get(i)
                    + "\",\"predictions\":[{\"category_id\":0,\"probabilities\":[" + p + "," + (1 - p) + "]}]}").getBytes(),
                    "f")));
        }
        long importId = mlops().contentType("application/zip").body(dev.needle.activities.formats.ZipFolder.write(folder))
                .post("/api/projects/{p}/imports/predictions/lightly", project).then().statusCode(201)
                .body("taskType", equalTo("classification")).extract().jsonPath().getLong("id");
        mlops().body(Map.of("strategy", "UNCERTAINTY", "batchSize", 3, "predictionsImport", importId))
                .post("/api/projects/{p}/iterations", project).then().statusCode(202);
        JsonPath round = awaitIteration(project, 1, s -> "LABELING".equals(s.getString("step")));
        // Margin uncertainty peaks where P(dog) is nearest 0.5: images 5 and 6 of 12, then 4 or 7.
        assertEquals(List.of(paths.get(5), paths.get(6)), round.getList("batch.fileName").subList(0, 2));

        String csv = annotator().get("/api/projects/{p}/iterations/1/export/csv", project).then().statusCode(200)
                .extract().asString();
        assertEquals("file_name,label", csv.lines().findFirst().orElseThrow());
        String labeled = csv.replace(paths.get(5) + ",", paths.get(5) + ",dog").replace(paths.get(6) + ",",
                paths.get(6) + ",cat");
        String filled = String.join("\n", labeled.lines().filter(l -> !l.endsWith(",")).toList()) + "\n";
        annotator().contentType("text/csv").body(filled).post("/api/projects/{p}/iterations/1/labels", project).then()
                .statusCode(200).body("recorded", equalTo(2));
        String again = annotator().get("/api/projects/{p}/iterations/1/export/csv", project).then().statusCode(200)
                .extract().asString();
        String back = String.join("\n", again.lines().filter(l -> !l.endsWith(",")).toList()) + "\n";
        assertEquals(filled, back, "export → import → export gives the same labels");
        String tasks = annotator().get("/api/projects/{p}/iterations/1/export/label-studio", project).then()
                .statusCode(200).extract().asString();
        annotator().contentType("application/json").body(tasks)
                .post("/api/projects/{p}/iterations/1/labels/label-studio", project).then().statusCode(200)
                .body("recorded", equalTo(0)).body("unchanged", equalTo(2));
        mlops().body(Map.of()).post("/api/projects/{p}/iterations/1/cancel", project).then().statusCode(202);
        awaitIteration(project, 1, s -> "CANCELLED".equals(s.getString("status")));
    }

    private static io.restassured.response.Response importEmbeddings(String project, String csv) {
        return mlops().contentType("text/csv").body(csv).post("/api/projects/{p}/imports/embeddings", project);
    }

    private static io.restassured.response.Response importCoco(String project, ArrayNode results, ObjectNode images) {
        return given().auth().preemptive().basic("mlops", "mlops")
                .multiPart("results", "results.json", Json.write(results), "application/json")
                .multiPart("images", "instances.json", Json.write(images), "application/json")
                .post("/api/projects/{p}/imports/predictions/coco", project);
    }
}
