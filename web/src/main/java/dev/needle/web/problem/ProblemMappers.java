package dev.needle.web.problem;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.logging.Log;

import dev.needle.activities.BadInputException;
import dev.needle.activities.RefusedException;
import dev.needle.activities.TooLargeException;
import dev.needle.activities.formats.FormatException;

/** Every error the API returns is application/problem+json naming the field and the reason. */
public class ProblemMappers {

    /** What a value of each scalar type looks like in a request; no coercion from another JSON type is done. */
    private static final Map<Class<?>, String> EXPECTED = Map.ofEntries(
            Map.entry(Integer.class, "a whole number"), Map.entry(int.class, "a whole number"),
            Map.entry(Long.class, "a whole number"), Map.entry(long.class, "a whole number"),
            Map.entry(BigInteger.class, "a whole number"),
            Map.entry(Double.class, "a number"), Map.entry(double.class, "a number"),
            Map.entry(Float.class, "a number"), Map.entry(float.class, "a number"),
            Map.entry(BigDecimal.class, "a number"),
            Map.entry(Boolean.class, "true or false"), Map.entry(boolean.class, "true or false"),
            Map.entry(String.class, "a string"),
            Map.entry(Duration.class, "an ISO-8601 duration as a string, e.g. \"P3D\" or \"PT6H\""),
            Map.entry(Instant.class, "an ISO-8601 instant as a string, e.g. \"2030-01-01T09:00:00Z\""));

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
        return respond(400, field, reason(e));
    }

    /** Said as a client can act on it: what the field must be, or which fields there are. */
    private static String reason(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            Collection<Object> known = unknown.getKnownPropertyIds();
            return "unknown field" + (known == null ? ""
                    : "; the fields here are " + known.stream().map(String::valueOf).sorted().toList());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> type = mismatch.getTargetType();
            String expected = EXPECTED.get(type);
            if (expected == null && (type.isArray() || Collection.class.isAssignableFrom(type)))
                expected = "a list";
            if (expected == null && (type.isRecord() || Map.class.isAssignableFrom(type)))
                expected = "an object";
            if (expected != null)
                return "must be " + expected;
        }
        return "unreadable JSON: " + e.getOriginalMessage();
    }

    /**
     * A request record that breaks its rules ({@code @Valid} on the resource's parameter, checked before the method
     * runs, so before any state is looked at): the first broken rule by field, as every other problem names it. Rules
     * broken by what the API answers are its own fault, a 500.
     */
    @ServerExceptionMapper
    public Response invalid(ResteasyReactiveViolationException e) {
        if (e.getConstraintViolations().stream().anyMatch(ProblemMappers::ofAnswer)) {
            Log.error("An answer broke its own rules", e);
            return respond(500, null, "the answer was invalid; see the server's log");
        }
        return e.getConstraintViolations().stream()
                .min(Comparator.comparing((ConstraintViolation<?> v) -> field(v.getPropertyPath()))
                        .thenComparing(ConstraintViolation::getMessage))
                .map(v -> {
                    String field = field(v.getPropertyPath());
                    return respond(400, field.isEmpty() ? null : field, v.getMessage());
                })
                .orElseGet(() -> respond(400, null, e.getMessage()));
    }

    private static boolean ofAnswer(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE)
                return true;
        }
        return false;
    }

    /**
     * A violation's path in the request body, written as the JSON is: {@code stop.maxRounds}, {@code classes[2]},
     * {@code assignment.capacity.ann}. The method and parameter the path starts with are no part of the body.
     */
    static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER)
                continue;
            if (node.isInIterable())
                field.append(node.getKey() != null ? "." + node.getKey() : "[" + node.getIndex() + "]");
            if (node.getKind() == ElementKind.PROPERTY)
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
        }
        return field.toString();
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
