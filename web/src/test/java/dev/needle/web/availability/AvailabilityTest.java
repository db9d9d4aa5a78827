package dev.needle.web.availability;

import static dev.needle.web.Api.mlops;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowServiceException;

import dev.needle.web.dashboard.PageSession;

/**
 * While the process is up but not serving (starting or stopping), real HTTP calls get a 503 that says when to come
 * back, and nothing acts on them; health checks and static files still answer.
 */
@QuarkusTest
class AvailabilityTest {

    @Inject
    Availability availability;

    @AfterEach
    void ready() {
        availability.state(Availability.State.READY);
    }

    @Test
    void whileStopping_theApiAnswers503ProblemJsonWithRetryAfter_andChangesNothing() {
        PageSession mlops = PageSession.login("mlops");
        for (Availability.State state : new Availability.State[] { Availability.State.STOPPING,
                Availability.State.STARTING }) {
            availability.state(state);
            mlops().get("/api/projects").then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5").header("Cache-Control", "no-store").body("status", equalTo(503))
                    .body("detail", containsString("try again in 5 s"));
            mlops().body(Map.of("slug", "made-while-stopping")).post("/api/projects").then().statusCode(503);
            mlops.get("/").then().statusCode(503).contentType(containsString("text/html")).header("Retry-After", "5")
                    .body(containsString("http-equiv=\"refresh\"")).body(containsString("Back in a moment"));
            given().redirects().follow(false).formParam("x", "1").post("/projects").then().statusCode(503)
                    .body(containsString("send it again"));
            given().get("/q/health/live").then().statusCode(200);
            given().get("/q/health/ready").then().statusCode(503).body(containsString(state.name()));
            given().get("/css/needle.css").then().statusCode(200);
        }
        availability.state(Availability.State.READY);
        mlops().get("/api/projects/{p}", "made-while-stopping").then().statusCode(404);
        mlops().get("/api/projects").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void temporalOrTheDatabaseOutOfReachIsUnavailable_otherFailuresAreNot() {
        StatusRuntimeException down = Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();
        WorkflowExecution run = WorkflowExecution.newBuilder().setWorkflowId("iteration-demo-1").build();
        assertTrue(UnavailableMappers.unavailable(down));
        assertTrue(UnavailableMappers.unavailable(new WorkflowServiceException(run, "IterationWorkflow", down)));
        assertTrue(UnavailableMappers.unavailable(new org.hibernate.exception.JDBCConnectionException("refused",
                new java.sql.SQLException("Connection refused", "08001"))));
        assertFalse(UnavailableMappers.unavailable(Status.INVALID_ARGUMENT.asRuntimeException()));
        assertFalse(UnavailableMappers.unavailable(new WorkflowServiceException(run, "IterationWorkflow",
                Status.PERMISSION_DENIED.asRuntimeException())));
        assertEquals(5, Availability.RETRY_AFTER_SECONDS);
    }
}
