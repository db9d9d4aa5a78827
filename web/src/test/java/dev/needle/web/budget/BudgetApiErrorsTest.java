package dev.needle.web.budget;

import static dev.needle.web.Api.as;
import static dev.needle.web.Api.mlops;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** Bad money never reaches the ledger: 400 problem+json naming the field, and the budget reads as before. */
@QuarkusTest
class BudgetApiErrorsTest {

    private static final String PROJECT = "budget-errors";
    private static final String PROBLEM = "application/problem+json";

    @BeforeEach
    void givenAProject() {
        if (mlops().get("/api/projects/{p}", PROJECT).statusCode() != 200)
            mlops().body(Map.of("slug", PROJECT)).post("/api/projects").then().statusCode(201);
    }

    @Test
    void badBudgetsCostsAndAdjustmentsAreRefusedByFieldAndChangeNothing() {
        manager().body(Map.of("cost", 1)).put("/api/projects/{p}/budget/costs/classification", PROJECT)
                .then().statusCode(400).body("field", equalTo("project"));
        setBudget(Map.of("amount", -5, "currency", "EUR")).then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("amount")).body("reason", containsString("negative"));
        setBudget(Map.of("amount", "lots", "currency", "EUR")).then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("amount"));
        setBudget(Map.of("amount", 1.23456, "currency", "EUR")).then().statusCode(400).body("field", equalTo("amount"));
        setBudget(Map.of("amount", 50, "currency", "XYZ")).then().statusCode(400).body("field", equalTo("currency"))
                .body("reason", containsString("XYZ"));
        setBudget(Map.of("amount", 50)).then().statusCode(400).body("field", equalTo("currency"));
        setBudget(Map.of("amount", 50, "currency", "EUR", "overrunPolicy", "maybe")).then().statusCode(400)
                .body("field", equalTo("overrunPolicy"));
        manager().get("/api/projects/{p}/budget", PROJECT).then().statusCode(200).body("limited", equalTo(false));

        setBudget(Map.of("amount", 50, "currency", "EUR")).then().statusCode(200).body("total", equalTo(50))
                .body("overrunPolicy", equalTo("REFUSE"));
        manager().body(Map.of("cost", -1)).put("/api/projects/{p}/budget/costs/classification", PROJECT)
                .then().statusCode(400).body("field", equalTo("cost"));
        manager().body(Map.of("cost", "cheap")).put("/api/projects/{p}/budget/costs/classification", PROJECT)
                .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("cost"));
        manager().body(Map.of("cost", 1)).put("/api/projects/{p}/budget/costs/video", PROJECT)
                .then().statusCode(400).body("field", equalTo("taskType"));
        manager().body(Map.of("amount", 10)).post("/api/projects/{p}/budget/adjustments", PROJECT)
                .then().statusCode(400).body("field", equalTo("reason"));
        manager().body(Map.of("amount", -60, "reason", "cut")).post("/api/projects/{p}/budget/adjustments", PROJECT)
                .then().statusCode(400).body("field", equalTo("amount")).body("reason", containsString("below zero"));
        setBudget(Map.of("amount", 50, "currency", "USD")).then().statusCode(400).body("field", equalTo("currency"));

        manager().get("/api/projects/{p}/budget", PROJECT).then().statusCode(200).body("total", equalTo(50))
                .body("currency", equalTo("EUR")).body("costs.size()", equalTo(0));
        mlops().get("/api/projects/{p}/budget/ledger", PROJECT).then().statusCode(200)
                .body("entries.size()", equalTo(1)).body("entries[0].reason", equalTo("budget set to 50 EUR"));

        manager().body(Map.of("amount", -20, "reason", "moved to another project"))
                .post("/api/projects/{p}/budget/adjustments", PROJECT).then().statusCode(200).body("total", equalTo(30));
    }

    @Test
    void eachRoleReachesOnlyItsEndpoints() {
        as("annotator").get("/api/projects/{p}/budget", PROJECT).then().statusCode(403);
        mlops().body(Map.of("amount", 1, "currency", "EUR")).put("/api/projects/{p}/budget", PROJECT).then().statusCode(403);
        mlops().get("/api/projects/{p}/budget/spend", PROJECT).then().statusCode(200);
        as("annotator").get("/api/projects/{p}/budget/ledger", PROJECT).then().statusCode(403);
        manager().body(Map.of()).post("/api/projects/{p}/campaigns", PROJECT).then().statusCode(403);
        manager().get("/api/projects/{p}/campaigns", PROJECT).then().statusCode(200);
    }

    private static RequestSpecification manager() {
        return as("manager");
    }

    private static io.restassured.response.Response setBudget(Map<String, Object> body) {
        return manager().body(body).put("/api/projects/{p}/budget", PROJECT);
    }
}
