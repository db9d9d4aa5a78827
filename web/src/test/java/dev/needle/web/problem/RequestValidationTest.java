package dev.needle.web.problem;

import static dev.needle.web.Api.as;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.SmallProject;
import dev.needle.web.security.Routes;
import dev.needle.web.security.Routes.Route;

/**
 * Bad request bodies on every JSON route are a 400 problem naming the field, before any state is looked at, and change
 * nothing: each case is sent while a round of the project is running (so a check of state first would answer 409)
 * and the projects, datasets, rounds, campaigns, trainer, assignments and ledger are compared before and after. The
 * cases are the classes of issue 17: unknown fields, coerced values, strings longer than their columns, unsafe
 * folders, ids that do not exist, deadlines, counts; and a body without its Content-Type is a 415 on every route.
 */
@QuarkusTest
class RequestValidationTest {

    private static final String PROJECT = "validation";
    /** Has a budget and no dataset: the ledger's cases. */
    private static final String BUDGETED = "validation-budget";
    private static final String PROBLEM = "application/problem+json";
    private static final String MEGABYTE = "x".repeat(1 << 20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    DatasetRegistry registry;

    @TestHTTPResource("/")
    URL base;

    /** One bad body: who sends it where, and the field the 400 must name. */
    record Case(String user, String method, String path, String body, String field, String reason) {

        @Override
        public String toString() {
            String shown = body.length() > 90 ? body.substring(0, 90) + "…(" + body.length() + " chars)" : body;
            return method + " " + path + " " + shown.replace('\0', '␀') + " → " + field;
        }
    }

    @BeforeEach
    void givenARoundRunningAndABudget() throws IOException {
        SmallProject.create(registry.datasetsRoot(), PROJECT, 12, 1);
        if (mlops().get("/api/projects/{p}/iterations", PROJECT).jsonPath().getList("$").isEmpty()) {
            mlops().body(Map.of("strategy", "RANDOM", "batchSize", 2, "seed", 1))
                    .post("/api/projects/{p}/iterations", PROJECT).then().statusCode(202);
            awaitIteration(PROJECT, 1, s -> "LABELING".equals(s.getString("step")));
        }
        if (mlops().get("/api/projects/{p}", BUDGETED).statusCode() != 200) {
            mlops().body(Map.of("slug", BUDGETED)).post("/api/projects").then().statusCode(201);
            as("manager").body(Map.of("amount", 50, "currency", "EUR")).put("/api/projects/{p}/budget", BUDGETED)
                    .then().statusCode(200);
        }
    }

    /** A misspelt field is refused by name, with the fields there are; the engine's tree reader is as strict. */
    static Stream<Case> unknownFields() {
        return Stream.of(
                onProject("POST", "/iterations", "{\"strategy\":\"RANDOM\",\"batchSize\":1,\"sed\":1}", "sed", "seed"),
                onProject("POST", "/iterations", "{\"strategy\":\"RANDOM\",\"batchSize\":1,\"assignment\":"
                        + "{\"annotator\":[\"annotator\"]}}", "assignment.annotator", "annotators"),
                onProject("POST", "/campaigns", "{\"round\":{\"strategy\":\"RANDOM\",\"batchSize\":1,\"sed\":1},"
                        + "\"stop\":{\"maxRounds\":1}}", "round.sed", null),
                onProject("POST", "/campaigns", "{\"round\":{\"strategy\":\"RANDOM\",\"batchSize\":1},"
                        + "\"stop\":{\"maxRound\":1}}", "stop.maxRound", "maxRounds"),
                new Case("mlops", "POST", "/api/projects", "{\"slug\":\"typo\",\"nmae\":\"Typo\"}", "nmae", "name"),
                onProject("POST", "/datasets", "{\"name\":\"v9\",\"folder\":\"validation-dataset\",\"recursive\":true}",
                        "recursive", null),
                onProject("PUT", "/trainer", "{\"trainer\":\"WEBHOOK\",\"uri\":\"http://localhost:1/\"}", "uri", null),
                onProject("POST", "/iterations/1/cancel", "{\"reason\":\"typo\",\"force\":true}", "force", null),
                onProject("POST", "/campaigns/1/pause", "{\"why\":\"lunch\"}", "why", "reason"),
                onProject("POST", "/assignments/1/reassign", "{\"files\":[\"pool/a.png\"],\"to\":\"annotator\","
                        + "\"from\":\"annotator\"}", "from", null),
                budget("PUT", "/budget", "{\"amount\":60,\"currency\":\"EUR\",\"overrun\":\"SHRINK\"}", "overrun"),
                budget("POST", "/budget/adjustments", "{\"amount\":1,\"reason\":\"gift\",\"note\":\"n\"}", "note"),
                budget("PUT", "/budget/costs/classification", "{\"cost\":1,\"currency\":\"EUR\"}", "currency"),
                new Case("annotator", "POST", "/api/projects/" + PROJECT + "/iterations/1/labels",
                        "{\"labels\":[{\"fileName\":\"pool/a.png\",\"label\":\"bag\",\"confidence\":1}]}",
                        "labels[0].confidence", null),
                new Case(null, "POST", "/api/trainer-runs/no-such-run/complete",
                        "{\"modelVersion\":\"v\",\"metric\":0.5,\"artifactUri\":\"s3://m\",\"accuracy\":0.5}",
                        "accuracy", null),
                new Case("mlops", "POST", "/api/score", "{\"predictions\":[[0.5,0.5]],\"normalise\":false}",
                        "normalise", "normalize"),
                new Case("mlops", "POST", "/api/select",
                        "{\"strategy\":\"RANDOM\",\"embeddings\":[[0],[1]],\"K\":1}", "K", "k"),
                new Case("mlops", "POST", "/api/score", "{\"predictions\":[[0.5,0.5]],\"predictions\":[[1,0]]}",
                        "body", "Duplicate field 'predictions'"),
                new Case("mlops", "POST", "/api/score", "{\"predictions\":[[0.5,0.5]]}xx", "body", "unreadable"));
    }

    /** A value of another JSON type is refused, never converted: 10.5 is not the whole number 10, "10" no number. */
    static Stream<Case> coercedValues() {
        return Stream.of(
                start("\"batchSize\":10.5", "batchSize", "whole number"),
                start("\"batchSize\":1,\"seed\":1.5", "seed", "whole number"),
                start("\"batchSize\":1,\"trainerAttempts\":1.5", "trainerAttempts", "whole number"),
                start("\"batchSize\":1,\"embeddingsImport\":1.5", "embeddingsImport", "whole number"),
                start("\"batchSize\":\"10\"", "batchSize", "whole number"),
                start("\"batchSize\":true", "batchSize", "whole number"),
                start("\"batchSize\":null", "batchSize", "required"),
                start("\"batchSize\":1,\"seed\":\"7\"", "seed", "whole number"),
                onProject("POST", "/iterations", "{\"strategy\":true,\"batchSize\":1}", "strategy", "a string"),
                start("\"batchSize\":1,\"scorer\":5", "scorer", "a string"),
                start("\"batchSize\":1,\"reminders\":[\"0.5\"]", "reminders[0]", "a number"),
                start("\"batchSize\":1,\"reminders\":[\"NaN\"]", "reminders[0]", "a number"),
                start("\"batchSize\":1,\"reminders\":0.5", "reminders", "a list"),
                start("\"batchSize\":1,\"assignment\":{\"capacity\":{\"annotator\":1.5}}",
                        "assignment.capacity.annotator", "whole number"),
                start("\"batchSize\":1,\"assignment\":[]", "assignment", "an object"),
                onProject("POST", "/campaigns", "{\"round\":{\"strategy\":\"RANDOM\",\"batchSize\":1},"
                        + "\"stop\":{\"maxRounds\":2.5}}", "stop.maxRounds", "whole number"),
                onProject("POST", "/campaigns", "{\"round\":{\"strategy\":\"RANDOM\",\"batchSize\":1},"
                        + "\"stop\":{\"maxRounds\":\"3\"}}", "stop.maxRounds", "whole number"),
                onProject("POST", "/campaigns", "{\"round\":{\"strategy\":\"RANDOM\",\"batchSize\":1},"
                        + "\"stop\":{\"maxRounds\":3,\"targetAccuracy\":\"0.9\"}}", "stop.targetAccuracy", "a number"),
                onProject("POST", "/campaigns", "{\"round\":5,\"stop\":{\"maxRounds\":3}}", "round", "an object"),
                new Case("mlops", "POST", "/api/projects", "{\"slug\":\"coerced\",\"name\":5}", "name", "a string"),
                new Case("mlops", "POST", "/api/projects", "{\"slug\":\"coerced\",\"classes\":\"bag\"}", "classes",
                        "a list"),
                onProject("POST", "/datasets", "{\"name\":\"v9\",\"folder\":7}", "folder", "a string"),
                budget("PUT", "/budget", "{\"amount\":\"60\",\"currency\":\"EUR\"}", "amount"),
                budget("PUT", "/budget/costs/classification", "{\"cost\":\"1\"}", "cost"),
                budget("POST", "/budget/adjustments", "{\"amount\":\"1\",\"reason\":\"gift\"}", "amount"),
                new Case(null, "POST", "/api/trainer-runs/no-such-run/complete",
                        "{\"modelVersion\":\"v\",\"metric\":\"0.5\",\"artifactUri\":\"s3://m\"}", "metric", "a number"),
                new Case(null, "POST", "/api/trainer-runs/no-such-run/complete",
                        "{\"modelVersion\":\"v\",\"metric\":\"NaN\",\"artifactUri\":\"s3://m\"}", "metric", "a number"),
                new Case(null, "POST", "/api/trainer-runs/no-such-run/complete",
                        "{\"modelVersion\":7,\"metric\":0.5,\"artifactUri\":\"s3://m\"}", "modelVersion", "a string"),
                new Case("mlops", "POST", "/api/select", "{\"strategy\":\"RANDOM\",\"embeddings\":[[0],[1]],\"k\":1.5}",
                        "k", "integer"));
    }

    /** Each string at one character over its column (and three at a megabyte): a 500 from the database before. */
    static Stream<Case> overLongStrings() {
        return Stream.of(
                new Case("mlops", "POST", "/api/projects", json("slug", "long-name", "name", "n".repeat(201)), "name",
                        "200"),
                new Case("mlops", "POST", "/api/projects", json("slug", "long-name", "name", MEGABYTE), "name", "200"),
                new Case("mlops", "POST", "/api/projects",
                        "{\"slug\":\"long-class\",\"classes\":[\"bag\",\"" + "c".repeat(201) + "\"]}", "classes[1]",
                        "200"),
                new Case("mlops", "POST", "/api/projects", json("slug", "long-task", "taskType", "t".repeat(21)),
                        "taskType", "20"),
                new Case("mlops", "POST", "/api/projects", json("slug", "s".repeat(64)), "slug", "63"),
                onProject("POST", "/datasets", json("name", "d".repeat(201), "folder", "validation-dataset"), "name", "200"),
                onProject("POST", "/datasets", json("name", MEGABYTE, "folder", "validation-dataset"), "name", "200"),
                onProject("POST", "/datasets", json("name", "v9", "folder", "f".repeat(4001)), "folder", "4000"),
                onProject("POST", "/iterations", json("strategy", "S".repeat(21), "batchSize", 1), "strategy", "20"),
                start("\"batchSize\":1,\"scorer\":\"" + "s".repeat(65) + "\"", "scorer", "64"),
                start("\"batchSize\":1,\"dataset\":\"" + "d".repeat(201) + "\"", "dataset", "200"),
                start("\"batchSize\":1,\"deadlinePolicy\":\"" + "P".repeat(17) + "\"", "deadlinePolicy", "16"),
                start("\"batchSize\":1,\"trainer\":\"" + "T".repeat(17) + "\"", "trainer", "16"),
                start("\"batchSize\":1,\"assignment\":{\"mode\":\"" + "m".repeat(13) + "\"}", "assignment.mode", "12"),
                start("\"batchSize\":1,\"assignment\":{\"annotators\":[\"" + "a".repeat(201) + "\"]}",
                        "assignment.annotators[0]", "200"),
                onProject("POST", "/iterations/1/cancel", json("reason", "r".repeat(1001)), "reason", "1000"),
                onProject("POST", "/campaigns/1/stop", json("reason", "r".repeat(1001)), "reason", "1000"),
                onProject("PUT", "/trainer", json("trainer", "T".repeat(17)), "trainer", "16"),
                onProject("PUT", "/trainer", json("trainer", "WEBHOOK", "url", "http://h/" + "u".repeat(1992)), "url",
                        "2000"),
                onProject("POST", "/assignments/1/reassign", "{\"files\":[\"pool/a.png\"],\"to\":\"" + "a".repeat(201)
                        + "\"}", "to", "200"),
                onProject("POST", "/assignments/1/reassign", "{\"files\":[\"" + "f".repeat(2001) + "\"],\"to\":\"annotator\"}",
                        "files[0]", "2000"),
                budget("POST", "/budget/adjustments", json("amount", 1, "reason", "r".repeat(2001)), "reason"),
                budget("POST", "/budget/adjustments", json("amount", 1, "reason", MEGABYTE), "reason"),
                budget("PUT", "/budget", json("amount", 60, "currency", "EURO"), "currency"),
                budget("PUT", "/budget", json("amount", 60, "currency", "EUR", "overrunPolicy", "O".repeat(9)),
                        "overrunPolicy"),
                new Case(null, "POST", "/api/trainer-runs/no-such-run/complete",
                        json("modelVersion", "v".repeat(101), "artifactUri", "s3://m"), "modelVersion", "100"),
                new Case(null, "POST", "/api/trainer-runs/no-such-run/complete",
                        json("modelVersion", "v", "artifactUri", "s3://" + "m".repeat(1996)), "artifactUri", "2000"));
    }

    /** A folder below the datasets root, by a plain relative path: "." took in the whole root, a NUL was a 500. */
    static Stream<Case> unsafeFolders() {
        return Stream.of("a\u0000b", ".", "./", "", "  ", "/etc", "..", "validation-dataset/../..", "a//b", "./a",
                "a\\b", "C:/data", "a\nb").map(
                        folder -> onProject("POST", "/datasets", json("name", "v9", "folder", folder),
                                "folder", null));
    }

    /** An import id must name an import: -1, 0 and 10^12 are 400s even while a round runs. */
    static Stream<Case> unknownIds() {
        return Stream.of(
                start("\"batchSize\":1,\"embeddingsImport\":-1", "embeddingsImport", "import"),
                start("\"batchSize\":1,\"embeddingsImport\":0", "embeddingsImport", "import"),
                start("\"batchSize\":1,\"embeddingsImport\":1000000000000", "embeddingsImport", "import"),
                start("\"batchSize\":1,\"embeddingsImport\":9223372036854775807", "embeddingsImport", "import"),
                start("\"batchSize\":1,\"embeddingsImport\":92233720368547758070", "embeddingsImport", null),
                start("\"batchSize\":1,\"predictionsImport\":-1", "predictionsImport", "import"),
                start("\"batchSize\":1,\"predictionsImport\":1000000000000", "predictionsImport", "import"),
                onProject("POST", "/campaigns", "{\"round\":{\"strategy\":\"RANDOM\",\"batchSize\":1,"
                        + "\"predictionsImport\":1000000000000},\"stop\":{\"maxRounds\":1}}", "round.predictionsImport",
                        "import"));
    }

    /** Deadlines and timeouts are positive ISO-8601 text under ten years; instants are text and ahead. */
    static Stream<Case> deadlines() {
        return Stream.of(
                start("\"batchSize\":1,\"deadline\":\"\"", "deadline", null),
                start("\"batchSize\":1,\"deadline\":\" \"", "deadline", null),
                start("\"batchSize\":1,\"deadline\":5", "deadline", "ISO-8601"),
                start("\"batchSize\":1,\"deadline\":5.5", "deadline", "ISO-8601"),
                start("\"batchSize\":1,\"deadline\":\"tomorrow\"", "deadline", "ISO-8601"),
                start("\"batchSize\":1,\"deadline\":\"P0D\"", "deadline", "positive"),
                start("\"batchSize\":1,\"deadline\":\"-P1D\"", "deadline", "positive"),
                start("\"batchSize\":1,\"deadline\":\"P3651D\"", "deadline", "3650"),
                start("\"batchSize\":1,\"deadlineAt\":\"\"", "deadlineAt", null),
                start("\"batchSize\":1,\"deadlineAt\":1900000000", "deadlineAt", "ISO-8601"),
                start("\"batchSize\":1,\"deadlineAt\":\"2001-01-01T00:00:00Z\"", "deadlineAt", "in the past"),
                start("\"batchSize\":1,\"deadlineAt\":\"+1000000000-01-01T00:00:00Z\"", "deadlineAt", "3650 days"),
                start("\"batchSize\":1,\"deadlineExtension\":\"PT0S\"", "deadlineExtension", "positive"),
                start("\"batchSize\":1,\"trainerTimeout\":60", "trainerTimeout", "ISO-8601"),
                start("\"batchSize\":1,\"trainerTimeout\":\"P0D\"", "trainerTimeout", "positive"),
                start("\"batchSize\":1,\"trainerTimeout\":\"P9999D\"", "trainerTimeout", "3650"));
    }

    /** Counts of at least one (and at most what makes sense), fractions in range, money as the ledger holds it. */
    static Stream<Case> outOfRange() {
        String round = "\"round\":{\"strategy\":\"RANDOM\",\"batchSize\":1}";
        return Stream.of(
                start("\"batchSize\":1,\"trainerAttempts\":0", "trainerAttempts", "at least 1"),
                start("\"batchSize\":1,\"trainerAttempts\":-1", "trainerAttempts", "at least 1"),
                start("\"batchSize\":1,\"trainerAttempts\":101", "trainerAttempts", "100"),
                start("\"batchSize\":0", "batchSize", "positive"),
                start("\"batchSize\":-1", "batchSize", "positive"),
                start("\"seed\":1", "batchSize", "required"),
                start("\"batchSize\":1,\"reminders\":[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9]", "reminders", "8"),
                start("\"batchSize\":1,\"reminders\":[0]", "reminders[0]", "fraction"),
                start("\"batchSize\":1,\"reminders\":[0.5,1]", "reminders[1]", "fraction"),
                start("\"batchSize\":1,\"reminders\":[null]", "reminders[0]", "fraction"),
                start("\"batchSize\":1,\"assignment\":{\"capacity\":{\"annotator\":0}}", "assignment.capacity.annotator",
                        "at least 1"),
                onProject("POST", "/campaigns", "{" + round + ",\"stop\":{\"maxRounds\":0}}", "stop.maxRounds", "1000"),
                onProject("POST", "/campaigns", "{" + round + ",\"stop\":{\"maxRounds\":1001}}", "stop.maxRounds", "1000"),
                onProject("POST", "/campaigns", "{" + round + "}", "stop", "maxRounds"),
                onProject("POST", "/campaigns", "{\"stop\":{\"maxRounds\":2}}", "round", "required"),
                onProject("POST", "/campaigns", "{" + round + ",\"stop\":{\"maxRounds\":2},\"continueAsNewEvery\":0}",
                        "continueAsNewEvery", "at least 1"),
                onProject("POST", "/campaigns", "{" + round + ",\"stop\":{\"maxRounds\":2,\"targetAccuracy\":1.5}}",
                        "stop.targetAccuracy", "at most 1"),
                onProject("POST", "/campaigns", "{" + round + ",\"stop\":{\"maxRounds\":2,\"targetAccuracy\":0}}",
                        "stop.targetAccuracy", "above 0"),
                onProject("POST", "/campaigns", "{" + round + ",\"stop\":{\"maxRounds\":2,\"plateauEpsilon\":0.1,"
                        + "\"plateauRounds\":0}}", "stop.plateauRounds", "at least 1"),
                onProject("POST", "/campaigns", "{\"round\":{\"strategy\":\"RANDOM\",\"batchSize\":0},"
                        + "\"stop\":{\"maxRounds\":2}}", "round.batchSize", "positive"),
                onProject("POST", "/assignments/1/reassign", "{\"files\":[],\"to\":\"annotator\"}", "files", null),
                onProject("PUT", "/trainer", "{}", "trainer", "required"),
                new Case("mlops", "POST", "/api/projects", "{\"name\":\"no slug\"}", "slug", "required"),
                new Case("mlops", "POST", "/api/projects", "{\"slug\":\"bad-class\",\"classes\":[\"a/b\"]}",
                        "classes[0]", "no '/'"),
                new Case(null, "POST", "/api/trainer-runs/no-such-run/complete",
                        "{\"modelVersion\":\"v\",\"metric\":1.5,\"artifactUri\":\"s3://m\"}", "metric", "[0, 1]"),
                new Case(null, "POST", "/api/trainer-runs/no-such-run/complete",
                        "{\"modelVersion\":\" \",\"artifactUri\":\"s3://m\"}", "modelVersion", "required"),
                budget("PUT", "/budget", json("amount", -5, "currency", "EUR"), "amount"),
                budget("PUT", "/budget", "{\"amount\":1e20,\"currency\":\"EUR\"}", "amount"),
                budget("PUT", "/budget", json("amount", 1.23456, "currency", "EUR"), "amount"),
                budget("PUT", "/budget", json("amount", 60), "currency"),
                budget("PUT", "/budget/costs/classification", json("cost", -1), "cost"),
                budget("POST", "/budget/adjustments", json("amount", 1.23456, "reason", "cents"), "amount"),
                budget("POST", "/budget/adjustments", json("amount", 1, "reason", " "), "reason"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({ "unknownFields", "coercedValues", "overLongStrings", "unsafeFolders", "unknownIds", "deadlines",
            "outOfRange" })
    void aBadBodyIsA400NamingTheField_andChangesNothing(Case bad) {
        State before = State.now();
        Response response = send(bad);
        response.then().statusCode(400).contentType(PROBLEM).body("field", equalTo(bad.field()));
        if (bad.reason() != null)
            response.then().body("reason", containsString(bad.reason()));
        assertTrue(response.asString().length() < 4096, "the problem does not echo the body: " + response.asString()
                .length() + " characters");
        assertEquals(before, State.now(), "a refused request changed nothing");
    }

    /** The same body rules, in the right order: a valid body meets the state check, an invalid one never does. */
    @Test
    void aValidBodyWhileTheRoundRunsIs409_soTheBadOnesAbove400dBeforeTheStateCheck() {
        mlops().body(Map.of("strategy", "RANDOM", "batchSize", 1)).post("/api/projects/{p}/iterations", PROJECT).then()
                .statusCode(409).contentType(PROBLEM).body("field", equalTo("project"));
        assertEquals("RUNNING", iterationStatus());
    }

    /**
     * Every route of the API that is sent a body without a Content-Type answers 415 naming the header, whoever may
     * call it (routes from Quarkus REST's routing table, so a new one cannot escape); a request with no body needs no
     * type.
     */
    @Test
    void aBodyWithoutItsContentTypeIs415OnEveryRoute_andNoBodyNeedsNoType() throws Exception {
        State before = State.now();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Route route : Routes.ofRunningApplication()) {
            if (!route.isApi() || !Set.of("POST", "PUT", "PATCH").contains(route.method()))
                continue;
            checked++;
            String caller = route.access().kind().equals("roles") ? route.access().roles().first() : null;
            HttpResponse<String> answer = raw(route.method(), fill(route.path()), caller, "{}");
            String type = answer.headers().firstValue("Content-Type").orElse("");
            if (answer.statusCode() != 415 || !type.startsWith(PROBLEM)
                    || !"Content-Type".equals(JsonPath.from(answer.body()).getString("field")))
                wrong.add(route.key() + " as " + caller + " → " + answer.statusCode() + " "
                        + answer.body());
        }
        assertTrue(checked >= 20, "the routing table lists the API's body routes: " + checked);
        assertTrue(wrong.isEmpty(), "answered other than 415 naming Content-Type:\n" + String.join("\n", wrong));

        // Who may not call the route learns nothing more: the login is checked first.
        assertEquals(401, raw("POST", "/api/projects", null, "{\"slug\":\"anonymous\"}").statusCode());
        // No body, no type: the optional {"reason"} of a cancel is optional (round 99 does not exist: 404, not 415).
        HttpResponse<String> empty = raw("POST", "/api/projects/" + PROJECT + "/iterations/99/cancel", "mlops", null);
        assertEquals(404, empty.statusCode(), empty.body());
        // A type the route does not take is a 415 too, as a problem.
        given().auth().preemptive().basic("mlops", "mlops").contentType("text/plain").body("{\"slug\":\"plain\"}")
                .post("/api/projects").then().statusCode(415).contentType(PROBLEM);
        assertEquals(before, State.now());
    }

    private static Case onProject(String method, String path, String body, String field, String reason) {
        return new Case("mlops", method, "/api/projects/" + PROJECT + path, body, field, reason);
    }

    private static Case start(String fields, String field, String reason) {
        return onProject("POST", "/iterations", "{\"strategy\":\"RANDOM\"," + fields + "}", field, reason);
    }

    private static Case budget(String method, String path, String body, String field) {
        return new Case("manager", method, "/api/projects/" + BUDGETED + path, body, field, null);
    }

    /** A JSON object of names and values, strings escaped as JSON wants (a NUL is \u0000). */
    private static String json(Object... namesAndValues) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            json.append(i == 0 ? "" : ",").append('"').append(namesAndValues[i]).append("\":");
            Object value = namesAndValues[i + 1];
            json.append(value instanceof String text ? quoted(text) : String.valueOf(value));
        }
        return json.append('}').toString();
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\')
                out.append('\\').append(c);
            else if (c < 0x20)
                out.append(String.format("\\u%04x", (int) c));
            else
                out.append(c);
        }
        return out.append('"').toString();
    }

    private static Response send(Case bad) {
        RequestSpecification request = bad.user() == null ? given().header("X-Needle-Run-Token", "not-a-token")
                : as(bad.user());
        return request.contentType("application/json").body(bad.body().getBytes(StandardCharsets.UTF_8))
                .request(bad.method(), bad.path());
    }

    private static String iterationStatus() {
        return mlops().get("/api/projects/{p}/iterations/1", PROJECT).jsonPath().getString("status");
    }

    private static String fill(String template) {
        Matcher parameter = Pattern.compile("\\{([^}]+)}").matcher(template);
        StringBuilder path = new StringBuilder();
        while (parameter.find()) {
            String value = switch (parameter.group(1)) {
                case "project" -> PROJECT;
                case "run" -> "no-such-run";
                case "taskType" -> "classification";
                default -> "1";
            };
            parameter.appendReplacement(path, value);
        }
        return parameter.appendTail(path).toString();
    }

    /** A request exactly as given, no Content-Type added (REST Assured adds one to any body). */
    private HttpResponse<String> raw(String method, String path, String user, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null)
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a refused request must leave as it was, read through the API. */
    record State(List<String> projects, String datasets, String iterations, String campaigns, String trainer,
            String assignments, String budget, String ledger, String imports) {

        static State now() {
            return new State(
                    mlops().get("/api/projects").jsonPath().getList("slug", String.class),
                    read("/api/projects/" + PROJECT + "/datasets", "mlops"),
                    read("/api/projects/" + PROJECT + "/iterations", "mlops"),
                    read("/api/projects/" + PROJECT + "/campaigns", "mlops"),
                    read("/api/projects/" + PROJECT + "/trainer", "mlops"),
                    read("/api/projects/" + PROJECT + "/assignments/1", "mlops"),
                    read("/api/projects/" + BUDGETED + "/budget", "manager"),
                    read("/api/projects/" + BUDGETED + "/budget/ledger", "manager"),
                    read("/api/projects/" + PROJECT + "/imports", "mlops"));
        }

        private static String read(String path, String user) {
            Response response = as(user).get(path);
            assertEquals(200, response.statusCode(), path + ": " + response.asString());
            return response.asString();
        }
    }
}
