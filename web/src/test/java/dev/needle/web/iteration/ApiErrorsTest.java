package dev.needle.web.iteration;

import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.as;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.Api;

/** Bad input gets a problem+json naming the field and the reason, and every endpoint enforces its role. */
@QuarkusTest
class ApiErrorsTest {

    private static final String PROJECT = "errors";
    private static final String PROBLEM = "application/problem+json";

    @Inject
    DatasetRegistry registry;

    /** A small dataset of real demo images plus files that are not images, made once per test run. */
    @BeforeEach
    void givenAProjectWithASmallDataset() throws IOException {
        if (mlops().get("/api/projects/{p}", PROJECT).statusCode() == 200)
            return;
        Path folder = registry.datasetsRoot().resolve("errors-dataset");
        Path demo = Path.of("src/main/resources/demo/fashion-mnist");
        Api.copyImages(demo.resolve("pool"), folder.resolve("pool"), 40);
        for (String c : List.of("bag", "trouser"))
            Api.copyImages(demo.resolve("eval").resolve(c), folder.resolve("eval").resolve(c), 5);
        Files.write(folder.resolve("pool/empty.png"), new byte[0]);
        Files.writeString(folder.resolve("pool/notes.png"), "not an image at all");
        byte[] png = Files.readAllBytes(Files.list(demo.resolve("pool")).sorted().findFirst().orElseThrow());
        Files.write(folder.resolve("pool/truncated.png"), java.util.Arrays.copyOf(png, 40));
        Files.writeString(folder.resolve("eval/loose.png"), "no class folder");

        mlops().body(Map.of("slug", PROJECT, "name", "Errors")).post("/api/projects").then().statusCode(201);
        mlops().body(Map.of("name", "small", "folder", "errors-dataset"))
                .post("/api/projects/{p}/datasets", PROJECT)
                .then()
                .statusCode(201)
                .body("poolCount", equalTo(40))
                .body("evalCount", equalTo(10))
                .body("skippedCount", equalTo(4))
                .body("skipped.path", hasItem("pool/truncated.png"))
                .body("skipped.path", hasItem("eval/loose.png"));
    }

    @Test
    void unknownThingsAre404Problems() {
        mlops().get("/api/projects/nope").then().statusCode(404).contentType(PROBLEM).body("field", equalTo("project"));
        mlops().body(Map.of("strategy", "RANDOM", "batchSize", 1)).post("/api/projects/nope/iterations")
                .then().statusCode(404).contentType(PROBLEM);
        mlops().get("/api/projects/{p}/iterations/99", PROJECT).then().statusCode(404).body("field", equalTo("round"));
        mlops().get("/api/projects/{p}/datasets/123456", PROJECT).then().statusCode(404).body("field", equalTo("dataset"));
    }

    @Test
    void badProjectsAndDatasetsAreRefusedByField() {
        mlops().body(Map.of("slug", "Not A Slug")).post("/api/projects")
                .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("slug"));
        mlops().body(Map.of("slug", PROJECT)).post("/api/projects").then().statusCode(409).body("field", equalTo("slug"));
        mlops().body(Map.of("name", "escape", "folder", "../../..")).post("/api/projects/{p}/datasets", PROJECT)
                .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("folder"))
                .body("reason", containsString("datasets root"));
        mlops().body(Map.of("name", "missing", "folder", "no-such-folder")).post("/api/projects/{p}/datasets", PROJECT)
                .then().statusCode(400).body("field", equalTo("folder"));
        mlops().body("{\"name\": ").post("/api/projects/{p}/datasets", PROJECT)
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void badIterationRequestsAreRefusedByField() {
        start(Map.of("strategy", "RANDOM", "batchSize", 0)).then().statusCode(400).body("field", equalTo("batchSize"));
        start(Map.of("strategy", "RANDOM", "batchSize", 41)).then().statusCode(400)
                .body("field", equalTo("batchSize")).body("reason", containsString("pool images are unlabeled"));
        start(Map.of("strategy", "BEST", "batchSize", 2)).then().statusCode(400).body("field", equalTo("strategy"));
        start(Map.of("strategy", "CORAL", "batchSize", 2, "scorer", "vibes")).then().statusCode(400)
                .body("field", equalTo("scorer"));
        start(Map.of("strategy", "CORAL", "batchSize", 2, "deadline", "-PT1H")).then().statusCode(400)
                .body("field", equalTo("deadline"));
        start(Map.of("strategy", "CORAL", "batchSize", "many")).then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("batchSize"));
    }

    @Test
    void labelsAreCheckedDeduplicatedAndClosedAfterCancel() {
        start(Map.of("strategy", "RANDOM", "batchSize", 3, "seed", 1)).then().statusCode(202);
        int round = mlops().get("/api/projects/{p}/iterations", PROJECT).jsonPath().getInt("[-1].round");
        start(Map.of("strategy", "RANDOM", "batchSize", 3)).then().statusCode(409).body("field", equalTo("project"));
        JsonPath state = awaitIteration(PROJECT, round, s -> "LABELING".equals(s.getString("step")));
        String file = state.getString("batch[0].fileName");

        labels(round, List.of(Map.of("fileName", "pool/nope.png", "label", "bag"), Map.of("fileName", file, "label", "cat")))
                .then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("labels"))
                .body("reason", containsString("pool/nope.png"))
                .body("reason", containsString("cat"));
        labels(round, List.of(Map.of("fileName", file, "label", "bag"))).then().statusCode(200).body("recorded", equalTo(1));
        labels(round, List.of(Map.of("fileName", file, "label", "bag"))).then().statusCode(200)
                .body("recorded", equalTo(0)).body("unchanged", equalTo(1)).body("labeledInBatch", equalTo(1));
        annotator().contentType("text/csv").body("image,class\nx,y\n")
                .post("/api/projects/{p}/iterations/{r}/labels", PROJECT, round)
                .then().statusCode(400).body("reason", containsString("file_name,label"));

        mlops().body(Map.of("reason", "test")).post("/api/projects/{p}/iterations/{r}/cancel", PROJECT, round)
                .then().statusCode(202);
        JsonPath cancelled = awaitIteration(PROJECT, round, s -> "CANCELLED".equals(s.getString("status")));
        org.junit.jupiter.api.Assertions.assertEquals(1, cancelled.getInt("labeled"), "the stored label survives");
        labels(round, List.of(Map.of("fileName", file, "label", "bag"))).then().statusCode(409)
                .body("reason", containsString("cancelled"));
    }

    @Test
    void aDatasetWithoutEvalFoldersNeedsAProjectThatNamesItsClasses() throws IOException {
        Path folder = registry.datasetsRoot().resolve("no-eval");
        Api.copyImages(Path.of("src/main/resources/demo/fashion-mnist/pool"), folder, 5);
        mlops().body(Map.of("slug", "no-classes")).post("/api/projects").then().statusCode(201);
        mlops().body(Map.of("name", "v1", "folder", "no-eval")).post("/api/projects/no-classes/datasets")
                .then().statusCode(400).body("field", equalTo("folder")).body("reason", containsString("classes"));
        // The refused registration left nothing behind.
        mlops().get("/api/projects/no-classes/datasets").then().statusCode(200).body("size()", equalTo(0));

        mlops().body(Map.of("slug", "with-classes", "classes", List.of("bag", "trouser"))).post("/api/projects")
                .then().statusCode(201);
        mlops().body(Map.of("name", "v1", "folder", "no-eval")).post("/api/projects/with-classes/datasets")
                .then().statusCode(201).body("poolCount", equalTo(5)).body("evalCount", equalTo(0));
    }

    @Test
    void aDatasetListsItsReadableSamplesWithSplitAndClass_andOnlyUnderItsOwnProject() {
        int id = mlops().get("/api/projects/{p}/datasets", PROJECT).then().statusCode(200).extract().path("[0].id");
        as("annotator").get("/api/projects/{p}/datasets/{id}/samples", PROJECT, id).then().statusCode(200)
                .body("size()", equalTo(50))
                .body("findAll { it.split == 'EVAL' }.evalClass.unique().sort()", equalTo(List.of("bag", "trouser")))
                .body("findAll { it.split == 'POOL' }.size()", equalTo(40))
                .body("path", not(hasItem("pool/truncated.png")));
        mlops().body(Map.of("slug", "other-owner", "name", "Other")).post("/api/projects").then().statusCode(201);
        mlops().get("/api/projects/other-owner/datasets/{id}/samples", id).then().statusCode(404)
                .body("field", equalTo("dataset"));
    }

    @Test
    void everyEndpointEnforcesItsRole() {
        given().get("/api/projects").then().statusCode(401);
        as("manager").get("/api/projects").then().statusCode(200);
        as("annotator").body(Map.of("strategy", "RANDOM", "batchSize", 1))
                .post("/api/projects/{p}/iterations", PROJECT).then().statusCode(403);
        as("manager").body(Map.of("slug", "x")).post("/api/projects").then().statusCode(403);
        as("mlops").body(Map.of("labels", List.of())).post("/api/projects/{p}/iterations/1/labels", PROJECT)
                .then().statusCode(403);
        given().get("/q/health/ready").then().statusCode(200).body(startsWith("{"));
    }

    private static io.restassured.response.Response start(Map<String, ?> body) {
        return mlops().body(body).post("/api/projects/{p}/iterations", PROJECT);
    }

    private static io.restassured.response.Response labels(int round, List<Map<String, String>> labels) {
        return annotator().body(Map.of("labels", labels)).post("/api/projects/{p}/iterations/{r}/labels", PROJECT, round);
    }
}
