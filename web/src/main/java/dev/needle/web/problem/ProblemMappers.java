package dev.needle.web.problem;

import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.logging.Log;

import dev.needle.activities.BadInputException;
import dev.needle.activities.RefusedException;
import dev.needle.activities.TooLargeException;
import dev.needle.activities.formats.FormatException;

/** Every error the API returns is application/problem+json naming the field and the reason. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.status(), e.field(), e.reason());
    }

    @ServerExceptionMapper
    public Response refused(RefusedException e) {
        return problem(WorkflowProblems.of(e));
    }

    @ServerExceptionMapper
    public Response tooLarge(TooLargeException e) {
        return respond(413, e.field(), e.reason());
    }

    @ServerExceptionMapper
    public Response badInput(BadInputException e) {
        if (e instanceof FormatException format)
            return respond(400, format.file(), format.field(), format.reason());
        return respond(400, e.field(), e.reason());
    }

    /** Declared apart because Quarkus ships its own mapper for this subtype, which would otherwise win. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        } else if (e instanceof StreamReadException read && read.getProcessor() != null) {
            field = currentName(read.getProcessor()); // a key given twice is refused by the parser, at that key
        }
        return respond(400, field, "unreadable JSON: " + e.getOriginalMessage());
    }

    private static String currentName(JsonParser parser) {
        try {
            return parser.currentName();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        // Quarkus's JSON reader reports some parse failures (a key given twice, trailing tokens) as a bare 400 around
        // Jackson's exception, which alone names the field and the reason.
        if (e.getCause() instanceof JsonProcessingException json)
            return unreadableJson(json);
        int status = e.getResponse().getStatus();
        if (status >= 500)
            Log.error("Request failed", e);
        return respond(status, null, e.getMessage());
    }

    public static Response respond(int status, String field, String reason) {
        return respond(status, null, field, reason);
    }

    public static Response respond(int status, String file, String field, String reason) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, title, file, field, reason))
                .build();
    }
}
