package dev.needle.web.dashboard.manage;

import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.as;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.SmallProject;
import dev.needle.web.dashboard.PageSession;
import dev.needle.web.demo.DemoData;

/** The manager's pages: the budget forms refuse with the budget service's own words, and the figures add up. */
@QuarkusTest
class ManagePagesTest {

    private static final String PROJECT = "pages-manage";

    @Inject
    DatasetRegistry registry;

    @Test
    void theBudgetFormsRefuseBadInputInlineAndStoreNothing() throws IOException {
        SmallProject.create(registry.datasetsRoot(), PROJECT, 30, 2);
        PageSession manager = PageSession.login("manager");
        assertTrue(manager.get("/manage").then().statusCode(200).extract().asString()
                .contains("href=\"/manage/" + PROJECT + "\""));
        assertTrue(manager.get("/manage/{p}", PROJECT).then().statusCode(200).extract().asString()
                .contains("No budget is set"));

        assertRefused(manager.htmxPost("/manage/{p}/budget", Map.of("amount", "-5", "currency", "EUR"), PROJECT),
                "amount: must not be negative");
        assertRefused(manager.htmxPost("/manage/{p}/budget", Map.of("amount", "abc", "currency", "EUR"), PROJECT),
                "amount: is not a number: abc");
        assertRefused(manager.htmxPost("/manage/{p}/budget", Map.of("amount", "100", "currency", "XYZ"), PROJECT),
                "currency: unknown ISO 4217 currency XYZ");
        assertRefused(manager.htmxPost("/manage/{p}/cost", Map.of("taskType", "classification", "cost", "1"), PROJECT),
                "project: has no budget; set one (and its currency) first");
        budget().then().body("limited", org.hamcrest.Matchers.equalTo(false));

        Response set = manager.htmxPost("/manage/{p}/budget",
                Map.of("amount", "100", "currency", "EUR", "overrunPolicy", "SHRINK"), PROJECT);
        assertEquals(200, set.statusCode(), set.asString());
        assertTrue(set.asString().contains("Budget set."), set.asString());
        assertTrue(set.asString().contains("data-figure=\"available\">100 EUR"), set.asString());
        JsonPath budget = budget().jsonPath();
        assertEquals(100, budget.getInt("total"));
        assertEquals("SHRINK", budget.getString("overrunPolicy"));

        assertRefused(manager.htmxPost("/manage/{p}/cost", Map.of("taskType", "classification", "cost", "-1"), PROJECT),
                "cost: must not be negative");
        assertEquals(200, manager.htmxPost("/manage/{p}/cost", Map.of("taskType", "classification", "cost", "1.50"),
                PROJECT).statusCode());
        assertEquals(1.5f, budget().jsonPath().getFloat("costs[0].cost"));

        Response noReason = manager.htmxPost("/manage/{p}/adjust", Map.of("amount", "10", "reason", ""), PROJECT);
        assertRefused(noReason, "reason: an adjustment needs a reason");
        assertTrue(noReason.asString().contains("name=\"amount\" inputmode=\"decimal\" required value=\"10\""),
                "the form keeps what was typed: " + noReason.asString());
        assertRefused(manager.htmxPost("/manage/{p}/adjust", Map.of("amount", "-500", "reason", "cut"), PROJECT),
                "amount: would take the available 100 EUR below zero");
        assertEquals(100, budget().jsonPath().getInt("total"), "refused adjustments change nothing");
        // Without JavaScript: the page comes back, by redirect after a success.
        manager.formPost("/manage/{p}/adjust", Map.of("amount", "-4", "reason", "rounding"), PROJECT).then()
                .statusCode(303);
        manager.formPost("/manage/{p}/adjust", Map.of("amount", "x", "reason", "typo"), PROJECT).then().statusCode(400);
        assertEquals(96, budget().jsonPath().getInt("total"));

        // ML-ops read the page but change nothing; annotators do not see it.
        PageSession mlops = PageSession.login("mlops");
        String readOnly = mlops.get("/manage/{p}", PROJECT).then().statusCode(200).extract().asString();
        assertTrue(readOnly.contains("Read-only"), readOnly);
        assertFalse(readOnly.contains("Set budget"), "no forms for ML-ops");
        mlops.htmxPost("/manage/{p}/budget", Map.of("amount", "1000", "currency", "EUR"), PROJECT).then().statusCode(403);
        assertEquals(96, budget().jsonPath().getInt("total"));
        PageSession annotator = PageSession.login("annotator");
        annotator.get("/manage").then().statusCode(403);
        annotator.get("/manage/{p}", PROJECT).then().statusCode(403);
        annotator.get("/manage/{p}/charts", PROJECT).then().statusCode(403);
    }

    @Test
    void afterTwoRounds_spendValueAndForecastFollowTheLedger() throws IOException {
        String project = PROJECT + "-rounds";
        SmallProject.create(registry.datasetsRoot(), project, 40, 2);
        as("manager").body(Map.of("amount", 50, "currency", "EUR")).put("/api/projects/{p}/budget", project).then()
                .statusCode(200);
        as("manager").body(Map.of("cost", 2)).put("/api/projects/{p}/budget/costs/classification", project).then()
                .statusCode(200);
        runRound(project, 1, 4);
        runRound(project, 2, 6);

        PageSession manager = PageSession.login("manager");
        JsonPath charts = exact(manager.get("/manage/{p}/charts", project).then().statusCode(200).extract().asString());
        assertEquals(List.of(1, 2), charts.getList("rounds", Integer.class));
        assertEquals(List.of(8.0, 12.0), charts.getList("spent", Double.class));
        assertEquals(List.of("annotator"), charts.getList("annotators"));
        assertEquals(List.of(20.0), charts.getList("annotatorSpent", Double.class));
        double acc1 = exact(mlops().get("/api/projects/{p}/iterations/1", project).asString()).getDouble("accuracy");
        double acc2 = exact(mlops().get("/api/projects/{p}/iterations/2", project).asString()).getDouble("accuracy");
        assertEquals(List.of(2), charts.getList("valueRounds", Integer.class));
        assertEquals((acc2 - acc1) / 12, charts.getDouble("gainPerUnit[0]"), 1e-9);

        String page = manager.get("/manage/{p}", project).then().statusCode(200).extract().asString();
        // 30 available ÷ mean of 8 and 12 = 3 rounds.
        assertTrue(page.contains("available 30 ÷ mean spend 10 = 3.00 → 3"), page);
        assertTrue(page.contains("round 1: 8, round 2: 12"), page);
        assertTrue(page.contains("<td>annotator</td><td class=\"num\">6 / 6</td>"), "round 2's progress: " + page);
    }

    /** Numbers as doubles: JsonPath's default floats would blur the gain per unit. */
    private static JsonPath exact(String json) {
        return JsonPath.from(json).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static void runRound(String project, int round, int batch) {
        mlops().body(Map.of("strategy", "RANDOM", "batchSize", batch, "seed", round))
                .post("/api/projects/{p}/iterations", project).then().statusCode(202);
        awaitIteration(project, round, s -> "LABELING".equals(s.getString("step")));
        Map<String, String> truth = DemoData.poolTruth();
        List<String> files = annotator().get("/api/projects/{p}/assignments/{r}/mine", project, round).then()
                .statusCode(200).extract().jsonPath().getList("items.fileName");
        annotator().body(Map.of("labels", files.stream().map(f -> Map.of("fileName", f, "label", truth.get(f))).toList()))
                .post("/api/projects/{p}/iterations/{r}/labels", project, round).then().statusCode(200);
        awaitIteration(project, round, s -> "COMPLETED".equals(s.getString("status")));
    }

    private static void assertRefused(Response response, String message) {
        assertEquals(400, response.statusCode(), response.asString());
        assertTrue(response.asString().contains(message), "expected «" + message + "» in " + response.asString());
        assertTrue(response.asString().contains("role=\"alert\""), response.asString());
    }

    private static Response budget() {
        return as("manager").get("/api/projects/{p}/budget", PROJECT);
    }
}
