package dev.needle.web.availability;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.exception.JDBCConnectionException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.logging.Log;
import io.temporal.client.WorkflowServiceException;

import dev.needle.web.problem.Problem;
import dev.needle.web.problem.ProblemMappers;

/**
 * Temporal or the database out of reach (a cluster or PostgreSQL restarting) is a 503 with {@code Retry-After}, as
 * while Needle itself restarts, not a 500: the client's request was fine and may be sent again. Other failures of the
 * same kinds stay 500s, as problem+json, and are logged.
 */
public class UnavailableMappers {

    @Inject
    Availability availability;

    @ServerExceptionMapper
    public Response temporal(WorkflowServiceException e, UriInfo uri, Request request) {
        return answer(e, "Temporal is out of reach", uri, request);
    }

    @ServerExceptionMapper
    public Response temporal(StatusRuntimeException e, UriInfo uri, Request request) {
        return answer(e, "Temporal is out of reach", uri, request);
    }

    @ServerExceptionMapper
    public Response database(JDBCConnectionException e, UriInfo uri, Request request) {
        return answer(e, "the database is out of reach", uri, request);
    }

    private Response answer(RuntimeException e, String reason, UriInfo uri, Request request) {
        if (!unavailable(e)) {
            Log.error("Request failed", e);
            return ProblemMappers.respond(500, null, "internal error");
        }
        Log.warnf("Answered 503: %s (%s)", reason, e.getMessage());
        Response.ResponseBuilder response = Response.status(503)
                .header("Retry-After", String.valueOf(Availability.RETRY_AFTER_SECONDS));
        if (uri.getPath().startsWith("/api/"))
            return response.type(Problem.MEDIA_TYPE).entity(availability.problem(reason)).build();
        return response.type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Availability.page(reason, request.getMethod())).build();
    }

    /** A database connection that failed, or a gRPC call that found no server (anywhere in the causes). */
    static boolean unavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JDBCConnectionException)
                return true;
            if (cause instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == Status.Code.UNAVAILABLE)
                return true;
        }
        return false;
    }
}
