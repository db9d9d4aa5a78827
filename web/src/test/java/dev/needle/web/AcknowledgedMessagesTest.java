package dev.needle.web;

import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.as;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
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
import io.temporal.client.WorkflowClient;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.Iterations;
import dev.needle.web.demo.DemoData;

/**
 * What the API answers 202 to is recorded before the answer, so a crash right after it loses nothing: a round whose
 * workflow is gone is resumed at start-up and ends as acknowledged (cancelled, with its reservation released; or past
 * LABELING on the labels it has), and one whose workflow outlived the process gets the message again. The crash is
 * played as the domain recording the message, the workflow terminated before any signal, then start-up's resume.
 */
@QuarkusTest
class AcknowledgedMessagesTest {

    @Inject
    DatasetRegistry registry;
    @Inject
    Iterations iterations;
    @Inject
    WorkflowClient temporal;
    @Inject
    Startup startup;

    @Test
    void givenACancelRecordedThenACrash_theResumedRoundEndsCancelledAndReleasesItsReservation() throws IOException {
        String project = roundAtLabeling("ack-cancel");
        as("manager").get("/api/projects/{p}/budget", project).then().body("reserved", equalTo(3));

        iterations.recordCancel(project, 1, "mlops", "wrong dataset");
        crash(project);
        startup.resumeUnfinished();

        JsonPath ended = awaitIteration(project, 1, s -> "CANCELLED".equals(s.getString("status")));
        assertEquals("cancelled by mlops: wrong dataset", ended.getString("statusReason"));
        as("manager").get("/api/projects/{p}/budget", project).then().body("reserved", equalTo(0));
    }

    @Test
    void givenLabelingDoneRecordedThenACrash_theResumedRoundRetrainsOnTheLabelsItHas() throws IOException {
        String project = roundAtLabeling("ack-done");
        String file = Api.iteration(project, 1).getString("batch[0].fileName");
        annotator().body(Map.of("labels", List.of(Map.of("fileName", file, "label", DemoData.poolTruth().get(file)))))
                .post("/api/projects/{p}/iterations/1/labels", project).then().statusCode(200);

        iterations.recordLabelingDone(project, 1, "annotator");
        crash(project);
        startup.resumeUnfinished();

        JsonPath ended = awaitIteration(project, 1, s -> s.getString("finishedAt") != null);
        assertEquals("COMPLETED", ended.getString("status"), ended.prettify());
        assertEquals(1, ended.getInt("labeled"));
        assertFalse(ended.getBoolean("deadlineExpired"), "done, not expired");
        as("manager").get("/api/projects/{p}/budget", project).then().body("reserved", equalTo(0))
                .body("spent", equalTo(1));
    }

    @Test
    void givenACancelRecordedButNeverSignalled_whenTheWorkflowOutlivedTheProcess_startUpSendsItAgain()
            throws IOException {
        String project = roundAtLabeling("ack-redeliver");

        iterations.recordCancel(project, 1, "mlops", "signal lost");
        startup.resumeUnfinished();

        JsonPath ended = awaitIteration(project, 1, s -> "CANCELLED".equals(s.getString("status")));
        assertEquals("cancelled by mlops: signal lost", ended.getString("statusReason"));
    }

    @Test
    void theApiRecordsDoneBeforeItAnswers_andRefusesWhatItCouldNotRecord() throws IOException {
        String project = roundAtLabeling("ack-api");
        mlops().body(Map.of("reason", "x".repeat(Iterations.MAX_CANCEL_REASON + 1)))
                .post("/api/projects/{p}/iterations/1/cancel", project).then().statusCode(400)
                .body("field", equalTo("reason"));

        annotator().post("/api/projects/{p}/iterations/1/done", project).then().statusCode(202);
        Iteration row = iterations.find(project, 1);
        assertEquals("annotator", row.labelingDoneBy);
        assertTrue(row.labelingDoneAt != null);
        assertEquals(null, row.cancelBy, "the refused cancel recorded nothing");

        awaitIteration(project, 1, s -> s.getString("finishedAt") != null);
        mlops().body(Map.of("reason", "too late")).post("/api/projects/{p}/iterations/1/cancel", project).then()
                .statusCode(409).body("field", equalTo("round")).body("reason", containsString("iteration 1 is "));
        annotator().post("/api/projects/{p}/iterations/1/done", project).then().statusCode(409)
                .body("field", equalTo("round"));
        assertEquals(null, iterations.find(project, 1).cancelBy);
    }

    /** A project with a budget, whose first round (a batch of 3, reserved) waits for labels. */
    private String roundAtLabeling(String project) throws IOException {
        SmallProject.create(registry.datasetsRoot(), project, 20, 2);
        as("manager").body(Map.of("amount", 100, "currency", "EUR")).put("/api/projects/{p}/budget", project)
                .then().statusCode(200);
        as("manager").body(Map.of("cost", 1)).put("/api/projects/{p}/budget/costs/classification", project)
                .then().statusCode(200);
        mlops().body(Map.of("strategy", "RANDOM", "batchSize", 3, "seed", 1))
                .post("/api/projects/{p}/iterations", project).then().statusCode(202);
        awaitIteration(project, 1, s -> "LABELING".equals(s.getString("step")));
        return project;
    }

    /** The embedded Temporal forgets its workflows when the process dies; here the round's workflow is ended so. */
    private void crash(String project) {
        temporal.newUntypedWorkflowStub(iterations.find(project, 1).workflowId).terminate("simulated crash");
    }
}
