package dev.needle.web.dashboard.iterations;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import dev.needle.web.iteration.IterationReads;

/** Reads a round for its page, also from the event stream's ticks, which run outside any HTTP request. */
@ApplicationScoped
public class LiveIterations {

    @Inject
    IterationReads iterations;

    @ActivateRequestContext
    public LiveView snapshot(String projectSlug, int round) {
        return LiveView.of(iterations.view(projectSlug, round), Instant.now());
    }
}
