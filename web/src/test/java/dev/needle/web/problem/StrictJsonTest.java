package dev.needle.web.problem;

import static dev.needle.web.Api.as;
import static dev.needle.web.Api.mlops;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * A body that does not mean one thing is refused before it changes anything: a key given twice, or anything after the
 * JSON value. Jackson by default kept the last key and ignored what followed.
 */
@QuarkusTest
class StrictJsonTest {

    private static final String PROJECT = "strict-json";
    private static final String PROBLEM = "application/problem+json";

    @BeforeEach
    void givenAProjectWithABudget() {
        if (mlops().get("/api/projects/{p}", PROJECT).statusCode() != 200) {
            mlops().body(Map.of("slug", PROJECT)).post("/api/projects").then().statusCode(201);
            setBudget("{\"amount\": 50, \"currency\": \"EUR\"}").then().statusCode(200);
        }
    }

    @Test
    void aKeyGivenTwiceIsA400NamingItAndTheBudgetStaysAsItWas() {
        setBudget("{\"amount\": 50, \"currency\": \"EUR\", \"amount\": 5000}").then().statusCode(400)
                .contentType(PROBLEM).body("field", equalTo("amount"))
                .body("reason", containsString("Duplicate field 'amount'"));

        as("manager").get("/api/projects/{p}/budget", PROJECT).then().statusCode(200).body("total", equalTo(50));
    }

    @Test
    void trailingGarbageIsA400AndTheBudgetStaysAsItWas() {
        setBudget("{\"amount\": 70, \"currency\": \"EUR\"}xx").then().statusCode(400).contentType(PROBLEM)
                .body("reason", containsString("unreadable JSON"));
        setBudget("{\"amount\": 70, \"currency\": \"EUR\"} {\"amount\": 80}").then().statusCode(400)
                .contentType(PROBLEM);

        as("manager").get("/api/projects/{p}/budget", PROJECT).then().statusCode(200).body("total", equalTo(50));
    }

    @Test
    void theTrainersUnauthenticatedReportRefusesAKeyGivenTwiceAsA400NotA500() {
        given().contentType("application/json").header("X-Needle-Run-Token", "not-a-token")
                .body("{\"modelVersion\": \"v\", \"modelVersion\": \"v\"}")
                .post("/api/trainer-runs/{run}/complete", "no-such-run").then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("modelVersion"));
    }

    @Test
    void aWellFormedBodyStillWorks() {
        setBudget("{\"amount\": 50, \"currency\": \"EUR\"}").then().statusCode(200).body("total", equalTo(50));
    }

    private static Response setBudget(String json) {
        return as("manager").contentType("application/json").body(json).put("/api/projects/{p}/budget", PROJECT);
    }
}
