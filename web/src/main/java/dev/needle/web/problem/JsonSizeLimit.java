package dev.needle.web.problem;

import java.io.InputStream;
import java.util.Arrays;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.needle.web.NeedleConfig;

/**
 * Caps a JSON request body before it is read. The HTTP limit ({@code quarkus.http.limits.max-body-size}) is sized for
 * uploads of models and prediction folders; a JSON request record is read whole into the heap, so it gets its own,
 * much smaller cap: 413 naming the setting, before anything is parsed or stored. A route that takes its body as a
 * file (a stream or bytes: label uploads, imports) has a cap of its own, which names its own setting.
 */
public class JsonSizeLimit {

    public static final String SETTING = "needle.api.max-json-size";

    // Looked up per request: filters are built during static init, before runtime config mappings exist.
    @Inject
    Instance<NeedleConfig> config;

    @ServerRequestFilter
    public Response refuseOversizedJson(ContainerRequestContext request, ResourceInfo route) {
        MediaType type = request.getMediaType();
        if (route.getResourceMethod() != null && Arrays.stream(route.getResourceMethod().getParameterTypes())
                .anyMatch(t -> t == InputStream.class || t == byte[].class))
            return null;
        long limit = config.get().api().maxJsonSize().asLongValue();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || request.getLength() <= limit)
            return null;
        return ProblemMappers.respond(413, SETTING,
                "the JSON body is " + request.getLength() + " bytes, more than the " + limit + " this server takes");
    }
}
