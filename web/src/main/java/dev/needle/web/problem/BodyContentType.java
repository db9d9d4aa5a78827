package dev.needle.web.problem;

import java.util.Arrays;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * An API request body is read as its Content-Type says, so one without a Content-Type is a 415 naming the types the
 * route takes. Quarkus REST routes a request with no Content-Type to a method whatever its {@code @Consumes} says and
 * reads the body as the first type it takes, so a JSON body sent with no type was accepted. A request with no body at
 * all needs no type: {@code POST …/cancel} works with or without its optional {@code {"reason": …}}.
 */
public class BodyContentType {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    @ServerRequestFilter
    public Response check(ContainerRequestContext request, ResourceInfo route) {
        if (!WITH_BODY.contains(request.getMethod()) || !request.getUriInfo().getPath().startsWith("/api/"))
            return null;
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type != null && !type.isBlank() || !hasBody(request))
            return null;
        Consumes consumes = route.getResourceMethod().getAnnotation(Consumes.class);
        if (consumes == null)
            consumes = route.getResourceClass().getAnnotation(Consumes.class);
        return ProblemMappers.respond(415, HttpHeaders.CONTENT_TYPE, "a request body needs its Content-Type"
                + (consumes == null ? "" : "; this route takes " + String.join(", ", Arrays.asList(consumes.value()))));
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return request.getHeaderString("Transfer-Encoding") != null || length != null && !length.strip().equals("0");
    }
}
