package dev.needle.web.dashboard;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.vertx.ext.web.RoutingContext;

import dev.needle.web.problem.ProblemMappers;

/**
 * A logged-in person whose role may not use a page sees a page that says so, with the navigation their role offers;
 * a script gets the API's problem+json. Either way the status stays 403 and nothing happens.
 */
public class AccessDenied {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance forbidden(String path);
    }

    @Inject
    RoutingContext routing;

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        String path = routing.normalizedPath();
        if (path.startsWith("/api/"))
            return ProblemMappers.respond(403, null, "your role may not do this");
        return Response.status(403).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.forbidden(path)).build();
    }
}
