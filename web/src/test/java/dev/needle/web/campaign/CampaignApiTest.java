package dev.needle.web.campaign;

import static dev.needle.web.Api.as;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.SmallProject;
import dev.needle.web.demo.DemoData;

/** A campaign through the real worker: rounds run as child iterations until the budget stops it; then a stop. */
@QuarkusTest
class CampaignApiTest {

    private static final String PROJECT = "campaign";

    @Inject
    DatasetRegistry registry;

    @Test
    void aCampaignRunsRoundsUntilTheBudgetIsSpent_andAStopCancelsTheRoundInProgress() throws IOException {
        SmallProject.create(registry.datasetsRoot(), PROJECT, 60, 2);
        Map<String, String> truth = DemoData.poolTruth();
        mlops().body(Map.of("round", Map.of("strategy", "RANDOM", "batchSize", 5), "stop", Map.of("plateauEpsilon", 0.1)))
                .post("/api/projects/{p}/campaigns", PROJECT).then().statusCode(400).body("field", equalTo("stop.maxRounds"));
        mlops().body(Map.of("round", Map.of("strategy", "RANDOM", "batchSize", 5),
                "stop", Map.of("maxRounds", 5, "plateauEpsilon", 0.1)))
                .post("/api/projects/{p}/campaigns", PROJECT).then().statusCode(400)
                .body("field", equalTo("stop.plateauRounds"));
        // 12 EUR at 1 EUR a label, batches of 5 refused when they do not fit: two rounds, then the budget stops it.
        as("manager").body(Map.of("amount", 12, "currency", "EUR")).put("/api/projects/{p}/budget", PROJECT)
                .then().statusCode(200);
        as("manager").body(Map.of("cost", 1)).put("/api/projects/{p}/budget/costs/classification", PROJECT)
                .then().statusCode(200);

        long id = mlops().body(Map.of("round", Map.of("strategy", "RANDOM", "batchSize", 5, "seed", 2,
                "assignment", Map.of("annotators", List.of("annotator"))),
                "stop", Map.of("maxRounds", 5))).post("/api/projects/{p}/campaigns", PROJECT)
                .then().statusCode(202).extract().jsonPath().getLong("id");
        for (int round = 1; round <= 2; round++) {
            JsonPath labeling = awaitLabeling(round);
            List<Map<String, String>> labels = labeling.getList("batch.fileName", String.class).stream()
                    .map(f -> Map.of("fileName", f, "label", truth.get(f))).toList();
            as("annotator").body(Map.of("labels", labels))
                    .post("/api/projects/{p}/iterations/{r}/labels", PROJECT, round).then().statusCode(200);
        }
        // The row and its last event record why it stopped.
        JsonPath stopped = awaitCampaign(id, c -> "STOPPED".equals(c.getString("events[-1].kind")));
        assertEquals("BUDGET_EXHAUSTED", stopped.getString("stopReason"));
        assertEquals(2, stopped.getInt("roundsDone"));
        assertEquals("STOPPED", stopped.getString("status"));
        assertEquals("BUDGET_EXHAUSTED: " + stopped.getString("stopDetail"), stopped.getString("events[-1].detail"));
        mlops().get("/api/projects/{p}/iterations", PROJECT).then().body("size()", equalTo(2));

        // More money, a second campaign; stopping it cancels its round, whose reservation is released.
        as("manager").body(Map.of("amount", 10, "reason", "second campaign"))
                .post("/api/projects/{p}/budget/adjustments", PROJECT).then().statusCode(200);
        long second = mlops().body(Map.of("round", Map.of("strategy", "RANDOM", "batchSize", 5),
                "stop", Map.of("maxRounds", 3, "targetAccuracy", 0.99)))
                .post("/api/projects/{p}/campaigns", PROJECT).then().statusCode(202).extract().jsonPath().getLong("id");
        awaitLabeling(3);
        mlops().post("/api/projects/{p}/campaigns/{id}/pause", PROJECT, second).then().statusCode(202);
        awaitCampaign(second, c -> "PAUSED".equals(c.getString("status")));
        mlops().body(Map.of("reason", "enough for today")).post("/api/projects/{p}/campaigns/{id}/stop", PROJECT, second)
                .then().statusCode(202);
        JsonPath end = awaitCampaign(second, c -> "STOPPED".equals(c.getString("status")));
        assertEquals("STOPPED", end.getString("stopReason"));
        assertEquals("stopped by mlops: enough for today", end.getString("stopDetail"));
        awaitIteration(PROJECT, 3, s -> "CANCELLED".equals(s.getString("status")));
        as("manager").get("/api/projects/{p}/budget", PROJECT).then().body("reserved", equalTo(0))
                .body("spent", equalTo(10)).body("available", equalTo(12));
        mlops().post("/api/projects/{p}/campaigns/{id}/resume", PROJECT, second).then().statusCode(409);
    }

    /** The campaign writes each round's row itself, a moment after the previous round ends. */
    private static JsonPath awaitLabeling(int round) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (mlops().get("/api/projects/{p}/iterations/{r}", PROJECT, round).statusCode() == 404) {
            if (System.nanoTime() > deadline)
                throw new AssertionError("round " + round + " never started");
            pause();
        }
        return awaitIteration(PROJECT, round, s -> "LABELING".equals(s.getString("step")));
    }

    private static JsonPath awaitCampaign(long id, Predicate<JsonPath> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            JsonPath campaign = mlops().get("/api/projects/{p}/campaigns/{id}", PROJECT, id).then().statusCode(200)
                    .extract().jsonPath();
            if (condition.test(campaign))
                return campaign;
            if (System.nanoTime() > deadline)
                throw new AssertionError("campaign " + id + " did not get there: " + campaign.prettify());
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
