package dev.needle.web.formats;

import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.iteration;
import static dev.needle.web.Api.mlops;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.activities.formats.Json;
import dev.needle.web.SmallProject;

/**
 * Label files and exports through the API, held to what the JSON labels endpoint holds: a box far outside its image,
 * labels marked for another round, an image root a browser would run, import ids that cannot exist. Each is a 400
 * naming the field, and no label is recorded.
 */
@QuarkusTest
class ImportStrictnessTest {

    private static final String PROJECT = "strict-imports";
    private static final String PROBLEM = "application/problem+json";

    @Inject
    DatasetRegistry registry;

    @Test
    void labelFilesAndExportsAreAsStrictAsTheJsonApi() throws IOException {
        SmallProject.create(registry.datasetsRoot(), PROJECT, 20, 1);

        // Import ids that cannot exist, before any round runs (a running round would answer 409 first).
        for (long id : new long[] { -1, 0, 1_000_000_000_000L })
            mlops().body(Map.of("strategy", "RANDOM", "batchSize", 4, "embeddingsImport", id))
                    .post("/api/projects/{p}/iterations", PROJECT).then().statusCode(400).contentType(PROBLEM)
                    .body("field", equalTo("embeddingsImport"));
        mlops().body(Map.of("strategy", "RANDOM", "batchSize", 4, "predictionsImport", -1))
                .post("/api/projects/{p}/iterations", PROJECT).then().statusCode(400)
                .body("field", equalTo("predictionsImport"));
        mlops().get("/api/projects/{p}/imports/{id}", PROJECT, -1).then().statusCode(400).body("field", equalTo("id"));
        mlops().get("/api/projects/{p}/imports/{id}", PROJECT, 1_000_000_000_000L).then().statusCode(404);

        mlops().body(Map.of("strategy", "RANDOM", "batchSize", 4)).post("/api/projects/{p}/iterations", PROJECT).then()
                .statusCode(202);
        awaitIteration(PROJECT, 1, s -> "LABELING".equals(s.getString("step")));

        // COCO labels of a classification round: a class needs no box, but one far outside its image is refused.
        ObjectNode coco = (ObjectNode) Json.parse(annotator().get("/api/projects/{p}/iterations/1/export/coco", PROJECT)
                .then().statusCode(200).extract().asByteArray(), "coco");
        String firstClass = coco.get("categories").get(0).get("name").asText();
        ObjectNode annotation = ((ArrayNode) coco.get("annotations")).addObject().put("id", 1).put("image_id", 1)
                .put("category_id", 1);
        annotation.putArray("bbox").add(5000).add(5000).add(10).add(10);
        annotator().body(Json.write(coco)).post("/api/projects/{p}/iterations/1/labels/coco", PROJECT).then()
                .statusCode(400).contentType(PROBLEM).body("field", equalTo("annotations[0].bbox"));
        assertEquals(0, iteration(PROJECT, 1).getInt("labeled"));

        // Label Studio tasks exported for round 1, labeled, then marked for round 7 (or another project): refused.
        ArrayNode tasks = (ArrayNode) Json.parse(annotator()
                .get("/api/projects/{p}/iterations/1/export/label-studio", PROJECT).then().statusCode(200).extract()
                .asByteArray(), "tasks");
        ObjectNode choice = ((ObjectNode) tasks.get(0)).putArray("annotations").addObject().putArray("result")
                .addObject().put("type", "choices");
        choice.putObject("value").putArray("choices").add(firstClass);
        ((ObjectNode) tasks.get(0).get("data")).put("needle_round", 7);
        annotator().body(Json.write(tasks)).post("/api/projects/{p}/iterations/1/labels/label-studio", PROJECT).then()
                .statusCode(400).contentType(PROBLEM).body("field", equalTo("[0].data.needle_round"));
        ((ObjectNode) tasks.get(0).get("data")).put("needle_round", 1).put("needle_project", "another");
        annotator().body(Json.write(tasks)).post("/api/projects/{p}/iterations/1/labels/label-studio", PROJECT).then()
                .statusCode(400).body("field", equalTo("[0].data.needle_project"));
        assertEquals(0, iteration(PROJECT, 1).getInt("labeled"));
        ((ObjectNode) tasks.get(0).get("data")).put("needle_project", PROJECT);
        annotator().body(Json.write(tasks)).post("/api/projects/{p}/iterations/1/labels/label-studio", PROJECT).then()
                .statusCode(200).body("recorded", equalTo(1));

        // The export's image root: a URL a browser would run is refused, an http(s) one prefixes every image.
        for (String hostile : new String[] { "javascript:alert(document.cookie)//", "data:text/html,x", "//evil.example/" })
            annotator().queryParam("imageRoot", hostile).get("/api/projects/{p}/iterations/1/export/label-studio", PROJECT)
                    .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("imageRoot"));
        JsonNode served = Json.parse(annotator().queryParam("imageRoot", "https://cdn.example/pool/")
                .get("/api/projects/{p}/iterations/1/export/label-studio", PROJECT).then().statusCode(200).extract()
                .asByteArray(), "tasks");
        org.hamcrest.MatcherAssert.assertThat(served.get(0).get("data").get("image").asText(),
                startsWith("https://cdn.example/pool/"));

        mlops().body(Map.of()).post("/api/projects/{p}/iterations/1/cancel", PROJECT).then().statusCode(202);
        awaitIteration(PROJECT, 1, s -> "CANCELLED".equals(s.getString("status")));
    }
}
