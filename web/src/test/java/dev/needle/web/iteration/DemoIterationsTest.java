package dev.needle.web.iteration;

import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.activities.selection.SelectedSampleRepository;
import dev.needle.activities.selection.SelectionActivitiesImpl;
import dev.needle.web.Api;
import dev.needle.web.demo.DemoData;

/**
 * Two full rounds on the demo data through the embedded Temporal server, with the true classes as labels: the
 * product's promise in one test.
 */
@QuarkusTest
class DemoIterationsTest {

    @Inject
    SelectionActivitiesImpl selection;
    @Inject
    ProjectRepository projects;
    @Inject
    IterationRepository iterations;
    @Inject
    SelectedSampleRepository selections;

    private static final String DEMO = DemoData.PROJECT;

    @Test
    void twoRoundsOnTheDemoData_learnFromBothRoundsAndNeverSelectTheSameImageTwice() {
        Map<String, String> truth = DemoData.poolTruth();

        JsonPath round1 = runRound(1, "UNCERTAINTY", 60, truth);
        assertTrue(round1.getBoolean("coldStart"), "round 1 has no model yet");
        assertEquals("RANDOM", round1.getString("strategyUsed"), "without scores UNCERTAINTY starts from a random batch");
        assertNull(round1.get("modelUsed"));
        assertEquals(60, round1.getInt("trainingSize"));

        JsonPath round2 = runRound(2, "UNCERTAINTY", 60, truth);
        assertEquals(false, round2.getBoolean("coldStart"));
        assertEquals("UNCERTAINTY", round2.getString("strategyUsed"));
        assertEquals(round1.getString("modelProduced"), round2.getString("modelUsed"), "round 2 predicts with round 1's model");
        assertEquals(120, round2.getInt("trainingSize"), "round 2 trains on both rounds' labels");

        Set<String> first = new HashSet<>(round1.getList("batch.fileName"));
        Set<String> second = new HashSet<>(round2.getList("batch.fileName"));
        assertEquals(60, first.size());
        assertEquals(60, second.size());
        second.retainAll(first);
        assertTrue(second.isEmpty(), "round 2 selected images round 1 already had: " + second);

        // 10 balanced classes in the eval split: a constant classifier scores 0.1.
        assertTrue(round1.getDouble("accuracy") > 0.2, "round 1 accuracy " + round1.getDouble("accuracy"));
        assertTrue(round2.getDouble("accuracy") > 0.2, "round 2 accuracy " + round2.getDouble("accuracy"));
        List<Double> scores = round2.getList("batch.score", Double.class);
        for (int i = 1; i < scores.size(); i++) {
            assertTrue(scores.get(i - 1) >= scores.get(i), "UNCERTAINTY picks in descending score order");
        }
        mlops().get("/api/projects/{p}", DEMO).then().statusCode(200)
                .body("currentModel.version", equalTo(round2.getString("modelProduced")));

        // The lineage alone computes the same batches again, though round 2's labels now exist.
        for (int round : new int[] { 1, 2 }) {
            long[][] recordedAndReplayed = QuarkusTransaction.requiringNew().call(() -> {
                long projectId = projects.findBySlug(DEMO).orElseThrow().id;
                long iterationId = iterations.inRound(projectId, round).orElseThrow().id;
                long[] recorded = selections.forIteration(iterationId).stream().mapToLong(p -> p.sampleId).toArray();
                return new long[][] { recorded, new long[] { iterationId } };
            });
            assertArrayEquals(recordedAndReplayed[0], selection.replay(recordedAndReplayed[1][0]), "round " + round);
        }
        assertEquals(round2.getInt("lineage.labeledSetSize"), 60);
        assertEquals(round2.getString("lineage.modelVersion"), round1.getString("modelProduced"));
    }

    private JsonPath runRound(int round, String strategy, int batchSize, Map<String, String> truth) {
        mlops()
                .body(Map.of("strategy", strategy, "batchSize", batchSize, "seed", 7))
                .post("/api/projects/{p}/iterations", DEMO)
                .then()
                .statusCode(202)
                .body("round", equalTo(round));
        JsonPath labeling = awaitIteration(DEMO, round, s -> "LABELING".equals(s.getString("step")));
        List<String> files = labeling.getList("batch.fileName");
        assertEquals(batchSize, files.size());
        assertEquals(0, labeling.getInt("progress.done"));
        assertEquals(batchSize, labeling.getInt("progress.total"));

        // Half as JSON, half as CSV: both ways in that labeling tools use.
        List<Map<String, String>> json = new ArrayList<>();
        for (String f : files.subList(0, batchSize / 2))
            json.add(Map.of("fileName", f, "label", truth.get(f)));
        annotator().body(Map.of("labels", json))
                .post("/api/projects/{p}/iterations/{r}/labels", DEMO, round)
                .then().statusCode(200).body("recorded", equalTo(batchSize / 2));
        assertEquals(batchSize / 2, Api.iteration(DEMO, round).getInt("progress.done"));
        StringBuilder csv = new StringBuilder("file_name,label\n");
        for (String f : files.subList(batchSize / 2, batchSize))
            csv.append(f).append(',').append(truth.get(f)).append('\n');
        annotator().contentType("text/csv").body(csv.toString())
                .post("/api/projects/{p}/iterations/{r}/labels", DEMO, round)
                .then().statusCode(200).body("labeledInBatch", equalTo(batchSize));

        return awaitIteration(DEMO, round, s -> "COMPLETED".equals(s.getString("status")));
    }
}
