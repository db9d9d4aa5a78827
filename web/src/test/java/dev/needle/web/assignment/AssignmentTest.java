package dev.needle.web.assignment;

import static dev.needle.web.Api.as;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.SmallProject;
import dev.needle.web.TwoAnnotators;
import dev.needle.web.demo.DemoData;

/** A batch split by capacity: each annotator sees and labels only their share; ML-ops moves open items. */
@QuarkusTest
@TestProfile(TwoAnnotators.class)
class AssignmentTest {

    private static final String PROJECT = "assign";
    private static final String PROBLEM = "application/problem+json";

    @Inject
    DatasetRegistry registry;

    @Test
    void aBatchSplitByCapacity_isSeenLabeledAndMovedByItsOwners() throws IOException {
        SmallProject.create(registry.datasetsRoot(), PROJECT, 40, 2);
        Map<String, String> truth = DemoData.poolTruth();

        // Unknown annotators, unknown modes and too little capacity: 400 naming the field, no iteration written.
        start(Map.of("annotators", List.of("annotator", "ghost"))).then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("assignment.annotators[1]")).body("reason", containsString("ghost"));
        start(Map.of("capacity", Map.of("ghost", 2))).then().statusCode(400)
                .body("field", equalTo("assignment.capacity.ghost"));
        start(Map.of("capacity", Map.of("annotator", 1))).then().statusCode(400)
                .body("field", equalTo("assignment.capacity")).body("reason", containsString("fewer than the batch"));
        start(Map.of("mode", "lottery")).then().statusCode(400).body("field", equalTo("assignment.mode"));
        mlops().get("/api/projects/{p}/iterations", PROJECT).then().statusCode(200).body("size()", equalTo(0));

        start(Map.of("capacity", Map.of("annotator", 3, "annotator2", 1))).then().statusCode(202);
        awaitIteration(PROJECT, 1, s -> "LABELING".equals(s.getString("step")));
        List<String> mine = mine("annotator");
        List<String> theirs = mine("annotator2");
        assertEquals(3, mine.size());
        assertEquals(1, theirs.size());

        // Someone else's image is refused by name, and nothing is stored.
        label("annotator", theirs.get(0), truth).then().statusCode(400).body("field", equalTo("labels"))
                .body("reason", containsString(theirs.get(0) + " (annotator2)"));
        label("annotator", mine.get(0), truth).then().statusCode(200).body("recorded", equalTo(1));
        label("annotator", mine.get(1), truth).then().statusCode(200);

        reassign(List.of(theirs.get(0)), "ghost").then().statusCode(400).body("field", equalTo("to"));
        reassign(List.of("pool/nope.png"), "annotator").then().statusCode(400).body("field", equalTo("files[0]"));
        reassign(List.of(theirs.get(0), mine.get(0)), "annotator2").then().statusCode(400)
                .body("field", equalTo("files[1]")).body("reason", containsString("already labeled"));
        assertEquals(1, mine("annotator2").size(), "a refused reassignment moves nothing");
        as("annotator").body(Map.of("files", theirs, "to", "annotator"))
                .post("/api/projects/{p}/assignments/{r}/reassign", PROJECT, 1).then().statusCode(403);
        reassign(theirs, "annotator").then().statusCode(200);
        assertEquals(4, mine("annotator").size());
        assertEquals(0, mine("annotator2").size());

        JsonPath progress = as("manager").get("/api/projects/{p}/assignments/{r}", PROJECT, 1).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("annotator"), progress.getList("annotator"));
        assertEquals(4, progress.getInt("[0].assigned"));
        assertEquals(2, progress.getInt("[0].labeled"));
        assertNotNull(progress.getString("[0].firstLabelAt"));
        as("annotator").get("/api/projects/{p}/assignments/{r}", PROJECT, 1).then().statusCode(403);
        as("mlops").get("/api/annotators").then().statusCode(200).body("", equalTo(List.of("annotator", "annotator2")));

        mlops().body(Map.of("reason", "test over")).post("/api/projects/{p}/iterations/{r}/cancel", PROJECT, 1)
                .then().statusCode(202);
        awaitIteration(PROJECT, 1, s -> "CANCELLED".equals(s.getString("status")));
    }

    private static io.restassured.response.Response start(Map<String, Object> assignment) {
        return mlops().body(Map.of("strategy", "RANDOM", "batchSize", 4, "seed", 1, "assignment", assignment))
                .post("/api/projects/{p}/iterations", PROJECT);
    }

    private static List<String> mine(String annotator) {
        return as(annotator).get("/api/projects/{p}/assignments/{r}/mine", PROJECT, 1).then().statusCode(200)
                .body("annotator", equalTo(annotator)).extract().jsonPath().getList("items.fileName");
    }

    private static io.restassured.response.Response label(String annotator, String file, Map<String, String> truth) {
        return as(annotator).body(Map.of("labels", List.of(Map.of("fileName", file, "label", truth.get(file)))))
                .post("/api/projects/{p}/iterations/{r}/labels", PROJECT, 1);
    }

    private static io.restassured.response.Response reassign(List<String> files, String to) {
        return mlops().body(Map.of("files", files, "to", to)).post("/api/projects/{p}/assignments/{r}/reassign", PROJECT, 1);
    }
}
