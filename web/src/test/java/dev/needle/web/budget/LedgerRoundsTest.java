package dev.needle.web.budget;

import static dev.needle.web.Api.as;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * Three rounds under a budget, over HTTP as the manager, ML-ops and two annotators do it: a round that ends with
 * images unlabeled releases their money, a cost change applies from the next round, a batch the rest cannot pay for
 * shrinks, and once the money is gone the next batch is refused. Writes the ledger it ends with to
 * {@code target/ledger-example.json} (the README's worked example).
 */
@QuarkusTest
@TestProfile(TwoAnnotators.class)
class LedgerRoundsTest {

    private static final String PROJECT = "ledger";

    @Inject
    DatasetRegistry registry;

    private final Map<String, String> truth = DemoData.poolTruth();

    @Test
    void threeRoundsUnderABudget_reserveSpendAndReleaseAsLabelsArrive() throws IOException {
        SmallProject.create(registry.datasetsRoot(), PROJECT, 120, 3);
        as("manager").body(Map.of("amount", 100, "currency", "EUR", "overrunPolicy", "SHRINK"))
                .put("/api/projects/{p}/budget", PROJECT).then().statusCode(200)
                .body("total", equalTo(100)).body("available", equalTo(100));
        cost("1.50");

        // Round 1: 20 images at 1.50, split 10/10; annotator2 labels 6 of 10 and the team calls it done.
        start(20);
        awaitLabeling(1);
        budget().then().body("reserved", equalTo(30)).body("available", equalTo(70));
        List<String> mine = myItems("annotator", 1);
        List<String> theirs = myItems("annotator2", 1);
        assertEquals(10, mine.size());
        assertEquals(10, theirs.size());
        label("annotator", 1, mine).then().body("recorded", equalTo(10));
        label("annotator2", 1, theirs.subList(0, 6));
        // The same labels again, as a retried upload sends them: nothing new is stored or spent.
        label("annotator", 1, mine.subList(0, 3)).then().body("recorded", equalTo(0));
        as("annotator").post("/api/projects/{p}/iterations/{r}/done", PROJECT, 1).then().statusCode(202);
        awaitIteration(PROJECT, 1, s -> "COMPLETED".equals(s.getString("status")));
        budget().then().body("spent", equalTo(24)).body("reserved", equalTo(0)).body("available", equalTo(76));

        // Round 2: the cost rises to 2.00; 20 images, all labeled.
        cost("2.00");
        start(20);
        awaitLabeling(2);
        label("annotator", 2, myItems("annotator", 2));
        label("annotator2", 2, myItems("annotator2", 2));
        awaitIteration(PROJECT, 2, s -> "COMPLETED".equals(s.getString("status")));
        budget().then().body("spent", equalTo(64)).body("available", equalTo(36));

        // Round 3: 25 images would need 50.00; 36.00 pays for 18, so the batch shrinks and says why.
        start(25);
        JsonPath round3 = awaitLabeling(3);
        assertEquals(18, round3.getList("batch").size());
        assertEquals(18, round3.getInt("batchSize"));
        assertTrue(round3.getList("events.detail", String.class).stream().anyMatch(
                d -> d != null && d.startsWith("batch shrunk from 25 to 18")), round3.prettify());
        label("annotator", 3, myItems("annotator", 3));
        label("annotator2", 3, myItems("annotator2", 3));
        awaitIteration(PROJECT, 3, s -> "COMPLETED".equals(s.getString("status")));
        budget().then().body("total", equalTo(100)).body("spent", equalTo(100)).body("available", equalTo(0));

        // Round 4: nothing left; the query step refuses the batch and the iteration says why.
        start(5);
        JsonPath refused = awaitIteration(PROJECT, 4, s -> "FAILED".equals(s.getString("status")));
        assertTrue(refused.getString("statusReason").startsWith("budget: batch refused"), refused.getString("statusReason"));

        JsonPath spend = as("manager").get("/api/projects/{p}/budget/spend", PROJECT).then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of(30, 40, 36), spend.getList("rounds.reserved", Integer.class));
        assertEquals(List.of(24, 40, 36), spend.getList("rounds.spent", Integer.class));
        assertEquals(List.of(6, 0, 0), spend.getList("rounds.released", Integer.class));
        assertEquals(List.of(16, 20, 18), spend.getList("rounds.labelsSpent", Integer.class));
        assertEquals(List.of("annotator", "annotator2"), spend.getList("annotators.annotator"));
        assertEquals(List.of(29, 25), spend.getList("annotators.labels", Integer.class));
        assertEquals(List.of(53, 47), spend.getList("annotators.spent", Integer.class));

        String ledger = mlops().get("/api/projects/{p}/budget/ledger", PROJECT).then().statusCode(200).extract().asString();
        JsonPath entries = JsonPath.from(ledger);
        // 1 adjustment, 3 reservations, 54 spends (one per label), 1 release; the refused round wrote none.
        assertEquals(59, entries.getList("entries").size());
        assertEquals(54, entries.getList("entries.findAll { it.kind == 'SPEND' }").size());
        assertEquals(0, entries.getInt("entries[-1].availableAfter"));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/ledger-example.json"), ledger);
        Files.writeString(Path.of("target/ledger-spend-example.json"), spend.prettify());
    }

    private void cost(String cost) {
        as("manager").body(Map.of("cost", new java.math.BigDecimal(cost)))
                .put("/api/projects/{p}/budget/costs/classification", PROJECT).then().statusCode(200);
    }

    private static io.restassured.response.Response budget() {
        return as("manager").get("/api/projects/{p}/budget", PROJECT);
    }

    private static void start(int batchSize) {
        mlops().body(Map.of("strategy", "RANDOM", "batchSize", batchSize, "seed", 3))
                .post("/api/projects/{p}/iterations", PROJECT).then().statusCode(202);
    }

    private static JsonPath awaitLabeling(int round) {
        return awaitIteration(PROJECT, round, s -> "LABELING".equals(s.getString("step")));
    }

    private static List<String> myItems(String annotator, int round) {
        return as(annotator).get("/api/projects/{p}/assignments/{r}/mine", PROJECT, round).then().statusCode(200)
                .extract().jsonPath().getList("items.fileName");
    }

    private io.restassured.response.Response label(String annotator, int round, List<String> files) {
        List<Map<String, String>> labels = files.stream().map(f -> Map.of("fileName", f, "label", truth.get(f))).toList();
        io.restassured.response.Response response = as(annotator).body(Map.of("labels", labels))
                .post("/api/projects/{p}/iterations/{r}/labels", PROJECT, round);
        response.then().statusCode(200);
        return response;
    }
}
