package dev.needle.web.availability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while {@link Availability} lets requests through: not while starting or stopping. */
@Readiness
@ApplicationScoped
public class AvailabilityReadiness implements HealthCheck {

    @Inject
    Availability availability;

    @Override
    public HealthCheckResponse call() {
        Availability.State state = availability.state();
        return HealthCheckResponse.named("availability").status(state == Availability.State.READY)
                .withData("state", state.name()).build();
    }
}
