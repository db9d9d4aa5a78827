package dev.needle.web.problem;

import static dev.needle.web.Api.as;
import static dev.needle.web.Api.mlops;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.needle.workflows.messages.values.LabeledBox;
import dev.needle.workflows.messages.values.TrainerKind;

/**
 * A body that does not mean one thing is refused before it changes anything: a key given twice, anything after the
 * JSON value, an unknown field, a value of another JSON type. Jackson by default kept the last key, ignored what
 * followed or what it did not know, and converted what it could.
 */
@QuarkusTest
class StrictJsonTest {

    private static final String PROJECT = "strict-json";
    private static final String PROBLEM = "application/problem+json";

    /** The application's own mapper, the one that reads every request body. */
    @Inject
    ObjectMapper mapper;

    /** One field of each kind a request record has. */
    record Fields(Integer whole, Long id, Double fraction, BigDecimal money, String text, Boolean flag,
            Duration duration, Instant instant, TrainerKind kind, LabeledBox box, List<Double> fractions) {
    }

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

    @ParameterizedTest(name = "{0} refused at {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"whole\": 10.5}                   | whole",
            "{\"whole\": 10.0}                   | whole",
            "{\"whole\": \"10\"}                 | whole",
            "{\"whole\": \"\"}                   | whole",
            "{\"whole\": true}                   | whole",
            "{\"id\": 1e3}                       | id",
            "{\"fraction\": \"0.5\"}             | fraction",
            "{\"fraction\": \"NaN\"}             | fraction",
            "{\"fraction\": \"Infinity\"}        | fraction",
            "{\"fraction\": 1e400}               | fraction",
            "{\"money\": \"12.50\"}              | money",
            "{\"text\": 5}                       | text",
            "{\"text\": 0.5}                     | text",
            "{\"text\": false}                   | text",
            "{\"flag\": 1}                       | flag",
            "{\"flag\": \"true\"}                | flag",
            "{\"duration\": 5}                   | duration",
            "{\"duration\": \"\"}                | duration",
            "{\"instant\": 1900000000}           | instant",
            "{\"instant\": \"\"}                 | instant",
            "{\"kind\": 0}                       | kind",
            "{\"kind\": \"\"}                    | kind",
            "{\"box\": {\"category\": \"car\", \"x\": 1, \"y\": 2, \"width\": 3}}          | box.height",
            "{\"box\": {\"category\": \"car\", \"x\": null, \"y\": 2, \"width\": 3, \"height\": 4}} | box.x",
            "{\"fractions\": [0.5, \"0.7\"]}     | fractions[1]",
            "{\"fractions\": 0.5}                | fractions",
            "{\"whole\": 1, \"wohle\": 1}        | wohle" })
    void theApisMapperNeverGuesses(String json, String field) {
        JsonMappingException refused = assertThrows(JsonMappingException.class, () -> mapper.readValue(json, Fields.class));
        assertEquals(field, refused.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "["));
    }

    /** Strict, not fussy: a whole number is a good decimal, and text is read as the type it names. */
    @Test
    void whatMeansOneThingIsStillRead() throws Exception {
        Fields read = mapper.readValue("{\"whole\": 10, \"id\": 9007199254740993, \"fraction\": 1, \"money\": 50,"
                + " \"text\": \"\", \"flag\": false, \"duration\": \"P3D\", \"instant\": \"2030-01-01T09:00:00Z\","
                + " \"kind\": \"WEBHOOK\", \"box\": {\"category\": \"car\", \"x\": 1, \"y\": 2.5, \"width\": 3,"
                + " \"height\": 4}, \"fractions\": [0.5, 1]}",
                Fields.class);
        assertEquals(new Fields(10, 9007199254740993L, 1.0, new BigDecimal(50), "", false, Duration.ofDays(3),
                Instant.parse("2030-01-01T09:00:00Z"), TrainerKind.WEBHOOK, new LabeledBox("car", 1, 2.5, 3, 4),
                List.of(0.5, 1.0)), read);
    }

    private static Response setBudget(String json) {
        return as("manager").contentType("application/json").body(json).put("/api/projects/{p}/budget", PROJECT);
    }
}
