package dev.needle.web.roles;

import static dev.needle.web.Api.mlops;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A worker-only process serves no API and no page, but still answers the health checks Kubernetes probes. */
@QuarkusTest
@TestProfile(WorkerOnlyTest.WorkerOnly.class)
class WorkerOnlyTest {

    public static class WorkerOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("needle.roles", "worker", "needle.demo.enabled", "false");
        }
    }

    @Test
    void theApiIsClosedAndHealthIsOpen() {
        mlops().get("/api/projects").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("workers only"));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
