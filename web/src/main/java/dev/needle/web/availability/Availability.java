package dev.needle.web.availability;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import dev.needle.web.cache.StaticAssets;
import dev.needle.web.problem.Problem;

/**
 * Whether this process takes requests: not before its start-up work is done (demo data, workers, resumed rounds), nor
 * once it is stopping (workers drain while HTTP still answers). Meanwhile the API answers 503 problem+json and pages
 * a page saying so, both with {@code Retry-After}, instead of a half-started or half-stopped process acting on them;
 * health checks and static files still answer, and readiness says DOWN ({@link AvailabilityReadiness}) so a load
 * balancer sends traffic elsewhere.
 */
@Singleton
public class Availability {

    /** Seconds a client waits before trying again: about what a restart takes. */
    public static final int RETRY_AFTER_SECONDS = 5;
    /** After CacheHeaders (2000), so a 503 is not stored either; before authentication (200). */
    private static final int PRIORITY = 1_000;

    enum State {
        STARTING,
        READY,
        STOPPING
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance unavailable(String reason, int retryAfter, boolean reload);
    }

    @Inject
    ObjectMapper json;

    private volatile State state = State.STARTING;

    // Last of the start-up observers: Startup's (demo data, workers, resumed iterations) run before it.
    void started(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
        state = State.READY;
    }

    // First of the shutdown observers: before WorkerLifecycle (priority 1) stops the workers.
    void stopping(@Observes @Priority(0) ShutdownEvent event) {
        state = State.STOPPING;
    }

    void register(@Observes Filters filters) {
        filters.register(this::gate, PRIORITY);
    }

    State state() {
        return state;
    }

    void state(State state) {
        this.state = state;
    }

    private void gate(RoutingContext routing) {
        State now = state;
        String path = routing.normalizedPath();
        if (now == State.READY || path.startsWith("/q/") || StaticAssets.isStatic(path)) {
            routing.next();
            return;
        }
        String reason = now == State.STARTING ? "Needle is starting" : "Needle is restarting or stopping";
        routing.response().setStatusCode(503)
                .putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        if (path.startsWith("/api/")) {
            routing.response().putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(problem(reason));
        } else {
            routing.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8")
                    .end(page(reason, routing.request().method().name()));
        }
    }

    /** The API's answer while Needle cannot serve: 503 problem+json (docs/api.md says which requests to repeat). */
    String problem(String reason) {
        try {
            return json.writeValueAsString(Problem.of(503, "Service Unavailable", null,
                    reason + ": try again in " + RETRY_AFTER_SECONDS + " s"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The page people see meanwhile; it reloads itself when reloading asks for the same page again. */
    static String page(String reason, String method) {
        boolean reload = method.equals("GET") || method.equals("HEAD");
        return Templates.unavailable(reason, RETRY_AFTER_SECONDS, reload).render();
    }
}
