package dev.needle.web.iteration;

import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;

import dev.needle.activities.StorageConfig;
import dev.needle.activities.embedding.TestImages;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.web.SmallProject;

/**
 * Label uploads are capped (413 naming the setting, nothing stored), checked against the batch before anything is
 * stored (400 naming labels), and reach the workflow as a reference: an upload of 5,000 labels is recorded whole while
 * Temporal carries the same few hundred bytes as for one label.
 */
@QuarkusTest
class LabelUploadsTest {

    private static final String PROJECT = "label-uploads";
    private static final String PROBLEM = "application/problem+json";
    /** The test profile's limits (application.properties). */
    private static final int MAX_BYTES = 1 << 20;
    private static final int MAX_ENTRIES = 25_000;

    @Inject
    StorageConfig storage;
    @Inject
    WorkflowClient temporal;
    @Inject
    ProjectRepository projects;
    @Inject
    IterationRepository iterations;
    @Inject
    LabelRepository labels;

    private int round;
    private List<String> batch;

    /** A round of three images waiting for labels, made once per test run. */
    @BeforeEach
    void givenARoundWaitingForLabels() throws IOException {
        SmallProject.create(storage.datasetsRoot(), PROJECT, 12, 2);
        if (mlops().get("/api/projects/{p}/iterations", PROJECT).jsonPath().getList("$").isEmpty()) {
            mlops().body(Map.of("strategy", "RANDOM", "batchSize", 3, "seed", 1))
                    .post("/api/projects/{p}/iterations", PROJECT).then().statusCode(202);
        }
        JsonPath state = awaitIteration(PROJECT, 1, s -> "LABELING".equals(s.getString("step")));
        round = 1;
        batch = state.getList("batch.fileName");
    }

    @Test
    void aBodyOverTheSizeLimit_is413NamingTheSetting_andNothingIsStored() throws IOException {
        List<Long> before = recorded();
        long artifacts = storedSubmissions();
        StringBuilder csv = new StringBuilder("file_name,label\n" + batch.get(0) + ",bag\n");
        while (csv.length() <= MAX_BYTES)
            csv.append("pool/padding-").append(csv.length()).append(".png,bag\n");
        csv(csv.toString()).then().statusCode(413).contentType(PROBLEM).body("field", equalTo("labels"))
                .body("reason", equalTo("larger than the limit of 1 MB (1048576 bytes), set by needle.labels.max-upload-size"));
        String json = "{\"labels\": [{\"fileName\": \"" + batch.get(0) + "\", \"label\": \"bag\"}"
                + (", {\"fileName\": \"pool/" + "x".repeat(100) + ".png\", \"label\": \"bag\"}").repeat(MAX_BYTES / 100)
                + "]}";
        json(json).then().statusCode(413).contentType(PROBLEM)
                .body("reason", containsString("needle.labels.max-upload-size"));

        assertEquals(before, recorded(), "nothing recorded");
        assertEquals(artifacts, storedSubmissions(), "a refused upload is not stored");
    }

    @Test
    void moreLabelsThanTheEntryLimit_is413NamingTheSetting_evenWithinTheSizeLimit() throws IOException {
        List<Long> before = recorded();
        long artifacts = storedSubmissions();
        StringBuilder csv = new StringBuilder("file_name,label\n");
        StringBuilder json = new StringBuilder("{\"labels\": [");
        for (int i = 0; i <= MAX_ENTRIES; i++) {
            csv.append("p").append(i).append(",bag\n");
            json.append(i == 0 ? "" : ",").append("{\"fileName\":\"p").append(i).append("\",\"label\":\"bag\"}");
        }
        json.append("]}");
        assertTrue(json.length() < MAX_BYTES);
        String reason = "more than 25000 labels in one submission, the limit set by needle.labels.max-entries";
        csv(csv.toString()).then().statusCode(413).contentType(PROBLEM).body("field", equalTo("labels"))
                .body("reason", equalTo(reason));
        json(json.toString()).then().statusCode(413).contentType(PROBLEM).body("reason", equalTo(reason));

        assertEquals(before, recorded(), "nothing recorded");
        assertEquals(artifacts, storedSubmissions());
    }

    @Test
    void badSubmissionsAre400sNamingTheirField_andNothingIsStored() throws IOException {
        List<Long> before = recorded();
        long artifacts = storedSubmissions();
        String a = batch.get(0);
        // More labels than the batch has images can only be a mistake.
        csv("file_name,label\n" + a + ",bag\n" + batch.get(1) + ",bag\n" + batch.get(2) + ",bag\n" + a + ",coat\n")
                .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("labels"))
                .body("reason", equalTo("4 labels for a batch of 3 images"));
        // Outside the batch and unknown classes, each by name, as before labels came by reference.
        csv("file_name,label\npool/nope.png,bag\n" + a + ",unicorn\n").then().statusCode(400)
                .body("field", equalTo("labels"))
                .body("reason", equalTo("not in this iteration's batch: pool/nope.png; unknown classes: unicorn"));
        csv("file_name,label\n" + a + ",\n").then().statusCode(400).body("field", equalTo("line 2.label"));
        json("{\"labels\": [{\"label\": \"bag\"}]}").then().statusCode(400).body("field", equalTo("labels[0].fileName"));
        json("{\"labels\": [{\"fileName\": \"" + a + "\", \"label\": \"bag\"}, {\"fileName\": [1]}]}").then()
                .statusCode(400).contentType(PROBLEM).body("field", equalTo("labels[1].fileName"));
        json("{\"labels\": [], \"labels\": []}").then().statusCode(400).body("field", equalTo("labels"));
        json("{\"labels\": [{\"fileName\": \"" + a + "\", \"label\": \"bag\"}], \"sed\": 1}").then().statusCode(400)
                .body("field", equalTo("sed"));
        json("{\"labels\": [{\"fileName\": \"" + a + "\", \"label\": \"bag\"}]}xx").then().statusCode(400)
                .contentType(PROBLEM);
        json("{\"labels\": {\"fileName\": \"" + a + "\"}}").then().statusCode(400).body("field", equalTo("labels"));
        json("{\"labels\": []}").then().statusCode(400).body("reason", equalTo("no labels given"));

        assertEquals(before, recorded(), "nothing recorded");
        assertEquals(artifacts, storedSubmissions(), "refused before it was stored");

        // A good one after all that is taken, by reference.
        json("{\"labels\": [{\"fileName\": \"" + a + "\", \"label\": \"bag\"}]}").then().statusCode(200)
                .body("recorded", equalTo(1)).body("labeledInBatch", equalTo(1)).body("batchSize", equalTo(3));
        assertEquals(artifacts + 1, storedSubmissions());
        json("{\"labels\": [{\"fileName\": \"" + a + "\", \"label\": \"bag\"}]}").then().statusCode(200)
                .body("recorded", equalTo(0)).body("unchanged", equalTo(1)).body("labeledInBatch", equalTo(1));
    }

    /**
     * 5,000 labels in one CSV for a batch of 5,000: as a payload the update put 300 KB into Temporal's history (and a
     * 100,000-row CSV overflowed gRPC's 4 MB limit); by reference it carries the same few hundred bytes as one label,
     * and every label is recorded.
     */
    @Test
    void anUploadOf5000Labels_isRecordedWhole_andTemporalCarriesNoMoreThanForOneLabel() throws IOException {
        int size = 5_000;
        Path folder = storage.datasetsRoot().resolve("bulk-labels");
        for (int d = 0; d < size / 1000; d++) {
            Path dir = Files.createDirectories(folder.resolve("pool/d" + d));
            for (int i = 0; i < 1000; i++)
                Files.write(dir.resolve("img-" + i + ".png"), TestImages.tinyPng(d * 10_000L + i, 8));
        }
        for (String c : List.of("a", "b")) {
            Path dir = Files.createDirectories(folder.resolve("eval/" + c));
            for (int i = 0; i < 2; i++)
                Files.write(dir.resolve(c + i + ".png"), TestImages.tinyPng(c.hashCode() * 100L + i, 8));
        }
        mlops().body(Map.of("slug", "bulk-labels", "classes", List.of("a", "b"))).post("/api/projects").then()
                .statusCode(201);
        mlops().body(Map.of("name", "v1", "folder", "bulk-labels")).post("/api/projects/bulk-labels/datasets").then()
                .statusCode(201);
        mlops().body(Map.of("strategy", "RANDOM", "batchSize", size, "seed", 1))
                .post("/api/projects/bulk-labels/iterations").then().statusCode(202);
        List<String> files = awaitIteration("bulk-labels", 1, s -> "LABELING".equals(s.getString("step")))
                .getList("batch.fileName");
        assertEquals(size, files.size());
        StringBuilder csv = new StringBuilder("file_name,label\n");
        for (int i = 0; i < files.size(); i++)
            csv.append(files.get(i)).append(',').append(i % 2 == 0 ? "a" : "b").append('\n');

        annotator().body(Map.of("labels", List.of(Map.of("fileName", files.get(0), "label", "a"))))
                .post("/api/projects/bulk-labels/iterations/1/labels").then().statusCode(200)
                .body("recorded", equalTo(1));
        annotator().contentType("text/csv").body(csv.toString())
                .post("/api/projects/bulk-labels/iterations/1/labels").then().statusCode(200)
                .body("recorded", equalTo(size - 1)).body("unchanged", equalTo(1))
                .body("labeledInBatch", equalTo(size)).body("batchSize", equalTo(size));

        Iteration row = row("bulk-labels", 1);
        assertEquals(size, QuarkusTransaction.requiringNew().call(() -> labels.countForIteration(row.id)));
        List<Integer> updates = new ArrayList<>();
        for (HistoryEvent event : temporal.fetchHistory(row.workflowId).getEvents()) {
            if (event.hasWorkflowExecutionUpdateAcceptedEventAttributes()) {
                updates.add(event.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest().getInput()
                        .getArgs().getSerializedSize());
            }
            if (event.hasActivityTaskScheduledEventAttributes()
                    && event.getActivityTaskScheduledEventAttributes().getActivityType().getName().startsWith("Record")
                    && !event.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("RecordStep")) {
                int bytes = event.getActivityTaskScheduledEventAttributes().getInput().getSerializedSize();
                assertTrue(bytes < 512, "a label write took " + bytes + " bytes");
            }
        }
        assertEquals(2, updates.size());
        assertTrue(updates.get(1) < 512, "5,000 labels: " + updates);
        assertTrue(Math.abs(updates.get(1) - updates.get(0)) < 16, "1 label and 5,000 labels: " + updates);
    }

    /** Labels stored for the round, by the database and by the round's own count. */
    private List<Long> recorded() {
        Iteration row = row(PROJECT, round);
        long stored = QuarkusTransaction.requiringNew().call(() -> labels.countForIteration(row.id));
        long labeled = mlops().get("/api/projects/{p}/iterations/{r}", PROJECT, round).jsonPath().getLong("labeled");
        return List.of(stored, labeled);
    }

    private Iteration row(String slug, int round) {
        return QuarkusTransaction.requiringNew().call(() -> iterations
                .inRound(projects.findBySlug(slug).orElseThrow().id, round).orElseThrow());
    }

    /** Label submissions in the artifact store. */
    private long storedSubmissions() throws IOException {
        Path dir = storage.artifacts().resolve("labels");
        if (!Files.isDirectory(dir))
            return 0;
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    private Response csv(String body) {
        return annotator().contentType("text/csv").body(body).post("/api/projects/{p}/iterations/{r}/labels", PROJECT,
                round);
    }

    private Response json(String body) {
        return annotator().body(body).post("/api/projects/{p}/iterations/{r}/labels", PROJECT, round);
    }
}
