package dev.needle.web.formats;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

import io.quarkus.logging.Log;

import dev.needle.web.problem.ProblemException;
import dev.needle.web.problem.ProblemMappers;

/**
 * Multipart uploads the server cannot read are the client's mistake: a 400 naming what is wrong and the parts the
 * route reads, never a 500. Quarkus parses the form before the resource method runs, so every multipart route (the
 * COCO predictions import, the annotators' label upload) fails here, in one place, rather than in a try/catch per
 * route. A part that is missing, misnamed or empty is the route's to refuse, by name.
 */
public class MultipartBodies {

    /** RFC 2046: 1 to 70 characters of these, the last not a space. */
    private static final String BOUNDARY_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";

    /**
     * The boundary the parser will split on, checked before it tries: the parser itself fails on an empty one with an
     * index out of range. Runs after routing and the role check, so an anonymous caller still gets its 401 first.
     */
    @ServerRequestFilter(priority = Priorities.HEADER_DECORATOR) // before the CSRF filter, which reads the form
    public void boundary(ContainerRequestContext request, ResourceInfo resource) {
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data"))
            return;
        String boundary = parameter(type, "boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70 || boundary.endsWith(" ")
                || boundary.chars().anyMatch(c -> BOUNDARY_CHARS.indexOf(c) < 0)) {
            throw ProblemException.badRequest(HttpHeaders.CONTENT_TYPE, "multipart/form-data needs a boundary of 1 to "
                    + "70 letters, digits or '()+_,-./:=? " + expecting(resource));
        }
    }

    @ServerExceptionMapper
    public Response malformed(MultipartParser.MalformedMessageException e, ResourceInfo resource) {
        return unreadable("a part's headers are malformed", resource);
    }

    /**
     * The parser reports a body that ends before its closing boundary (or never had one) as an I/O error. Other I/O
     * errors are not the client's: they stay a 500, logged.
     */
    @ServerExceptionMapper
    public Response io(IOException e, ResourceInfo resource) {
        if (fromParser(e))
            return unreadable("the body ends before its closing boundary", resource);
        Log.error("Request failed", e);
        return ProblemMappers.respond(500, null, "the server could not read or write the request");
    }

    private static Response unreadable(String why, ResourceInfo resource) {
        return ProblemMappers.respond(400, "body", "not a readable multipart/form-data body: " + why + "; "
                + expecting(resource));
    }

    private static boolean fromParser(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace())
            if (frame.getClassName().startsWith(MultipartParser.class.getPackageName() + "."))
                return true;
        return false;
    }

    /** What the route reads, from its {@link RestForm} parameters, so the answer says what to send. */
    private static String expecting(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        List<String> parts = new ArrayList<>();
        if (method != null) {
            for (Parameter p : method.getParameters()) {
                RestForm form = p.getAnnotation(RestForm.class);
                if (form != null)
                    parts.add(form.value().isEmpty() ? p.getName() : form.value());
            }
        }
        return parts.isEmpty() ? "send a multipart/form-data body" : "send the parts " + String.join(", ", parts);
    }

    /** One parameter of a header value, unquoted; null when it is not there. */
    private static String parameter(String header, String name) {
        for (String param : header.split(";")) {
            int eq = param.indexOf('=');
            if (eq < 0 || !param.substring(0, eq).trim().equalsIgnoreCase(name))
                continue;
            String value = param.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
                value = value.substring(1, value.length() - 1);
            return value;
        }
        return null;
    }
}
