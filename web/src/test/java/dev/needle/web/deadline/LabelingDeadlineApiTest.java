package dev.needle.web.deadline;

import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.Api;
import dev.needle.web.SmallProject;

/**
 * Labeling deadlines through the API, on the real (embedded) Temporal server whose timers run in real time: a
 * seconds-long round shows the reminder, the expiry, the policy and the notification webhook together. Days-long
 * rounds are tested with time skipping in the workflow's own tests.
 */
@QuarkusTest
@QuarkusTestResource(value = NotificationWebhook.class, restrictToAnnotatedClass = true)
class LabelingDeadlineApiTest {

    private static final String PROJECT = "deadlines";
    private static final String PROBLEM = "application/problem+json";

    @Inject
    DatasetRegistry registry;

    @BeforeEach
    void givenASmallProject() throws IOException {
        if (mlops().get("/api/projects/{p}", PROJECT).statusCode() == 200)
            return;
        SmallProject.create(registry.datasetsRoot(), PROJECT, 6, 2);
    }

    @Test
    void givenACancelPolicyAndAReminder_whenNobodyLabels_theReminderAndExpiryAreRecordedAndPostedAndTheRoundIsCancelled() {
        int round = mlops().body(Map.of("strategy", "RANDOM", "batchSize", 2, "deadline", "PT4S",
                "deadlinePolicy", "cancel", "reminders", List.of(0.5)))
                .post("/api/projects/{p}/iterations", PROJECT).then().statusCode(202)
                .body("deadlinePolicy", equalTo("CANCEL"))
                .extract().jsonPath().getInt("round");
        assertEquals(List.of(0.5), Api.iteration(PROJECT, round).getList("reminders", Double.class));

        JsonPath done = awaitIteration(PROJECT, round, it -> !"RUNNING".equals(it.getString("status")));

        assertEquals("CANCELLED", done.getString("status"), done.prettify());
        assertTrue(done.getBoolean("deadlineExpired"));
        assertEquals("labeling deadline passed with 0 of 2 labels (deadline policy CANCEL)", done.getString("statusReason"));
        assertNull(done.get("modelProduced"));
        List<String> kinds = done.getList("events.kind");
        assertTrue(kinds.indexOf("REMINDER") < kinds.indexOf("DEADLINE_EXPIRED"), kinds.toString());
        assertEquals(1, kinds.stream().filter("REMINDER"::equals).count());

        List<Map<String, Object>> posted = NotificationWebhook.received.stream()
                .filter(n -> PROJECT.equals(n.get("project")) && Integer.valueOf(round).equals(n.get("iteration")))
                .toList();
        assertEquals(List.of("reminder", "expired"), posted.stream().map(n -> n.get("event")).toList());
        assertEquals(0.5, posted.get(0).get("fraction"));
        assertEquals(0, posted.get(0).get("labeled"));
        assertEquals(2, posted.get(0).get("batchSize"));
        assertEquals(done.getString("labelingDeadline"), posted.get(1).get("deadline"));
        assertEquals("CANCEL", posted.get(1).get("policy"));
    }

    @Test
    void badDeadlineRulesAreRefusedByField() {
        start(Map.of("strategy", "RANDOM", "batchSize", 1, "deadlineAt", Instant.now().minusSeconds(60).toString()))
                .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("deadlineAt"))
                .body("reason", containsString("in the past"));
        start(Map.of("strategy", "RANDOM", "batchSize", 1, "deadline", "-P1D"))
                .then().statusCode(400).body("field", equalTo("deadline"));
        start(Map.of("strategy", "RANDOM", "batchSize", 1, "deadline", "P1D",
                "deadlineAt", Instant.now().plusSeconds(3600).toString()))
                .then().statusCode(400).body("field", equalTo("deadlineAt"));
        start(Map.of("strategy", "RANDOM", "batchSize", 1, "deadlinePolicy", "sometimes"))
                .then().statusCode(400).body("field", equalTo("deadlinePolicy"));
        start(Map.of("strategy", "RANDOM", "batchSize", 1, "reminders", List.of(0.5, 1.2)))
                .then().statusCode(400).body("field", equalTo("reminders[1]"));
        start(Map.of("strategy", "RANDOM", "batchSize", 1, "deadlineExtension", "PT0S"))
                .then().statusCode(400).body("field", equalTo("deadlineExtension"));
        start(Map.of("strategy", "RANDOM", "batchSize", 1, "trainer", "sagemaker"))
                .then().statusCode(400).body("field", equalTo("trainer"));
        start(Map.of("strategy", "RANDOM", "batchSize", 1, "trainerAttempts", 0))
                .then().statusCode(400).body("field", equalTo("trainerAttempts"));
        start(Map.of("strategy", "RANDOM", "batchSize", 1, "deadlineAt", "next tuesday"))
                .then().statusCode(400).body("field", equalTo("deadlineAt"));
        // Nothing was started by any of them.
        int rounds = mlops().get("/api/projects/{p}/iterations", PROJECT).jsonPath().getList("$").size();
        start(Map.of("strategy", "RANDOM", "batchSize", 1, "deadlinePolicy", "sometimes")).then().statusCode(400);
        assertEquals(rounds, mlops().get("/api/projects/{p}/iterations", PROJECT).jsonPath().getList("$").size());
    }

    private static io.restassured.response.Response start(Map<String, Object> body) {
        return mlops().body(body).post("/api/projects/{p}/iterations", PROJECT);
    }
}
