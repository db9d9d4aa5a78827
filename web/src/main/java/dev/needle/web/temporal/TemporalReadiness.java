package dev.needle.web.temporal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.temporal.serviceclient.WorkflowServiceStubs;

/** Ready only while the Temporal frontend answers its own health check; names where it is. */
@Readiness
@ApplicationScoped
public class TemporalReadiness implements HealthCheck {

    @Inject
    WorkflowServiceStubs stubs;
    @Inject
    EmbeddedTemporal temporal;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("temporal").withData("target", temporal.target());
        temporal.movedFrom().ifPresent(port -> response.withData("moved-from", "127.0.0.1:" + port + " (taken)"));
        try {
            return response.status(stubs.healthCheck().getStatus().name().equals("SERVING")).build();
        } catch (RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
