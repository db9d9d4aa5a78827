package dev.needle.web.problem;

import java.io.InputStream;
import java.util.Arrays;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;

/**
 * Caps a JSON request body before it is read. The HTTP limit ({@code quarkus.http.limits.max-body-size}) is sized for
 * uploads of models and prediction folders; a JSON request record is read whole into the heap, so it gets its own,
 * much smaller cap: 413 naming the setting, before anything is parsed or stored. A route that reads its body as a
 * stream (label uploads, imports) counts as it reads and answers 413 with its own setting, so it is left to that.
 */
public class JsonSizeLimit {

    public static final String SETTING = "needle.api.max-json-size";

    private static final MemorySize DEFAULT = new MemorySizeConverter().convert("16M");

    @ServerRequestFilter
    public Response refuseOversizedJson(ContainerRequestContext request, ResourceInfo route) {
        MediaType type = request.getMediaType();
        if (route.getResourceMethod() != null
                && Arrays.asList(route.getResourceMethod().getParameterTypes()).contains(InputStream.class))
            return null;
        // Read per request: filters are built during static init, before runtime config exists.
        long limit = ConfigProvider.getConfig().getOptionalValue(SETTING, MemorySize.class).orElse(DEFAULT)
                .asLongValue();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || request.getLength() <= limit)
            return null;
        return ProblemMappers.respond(413, SETTING,
                "the JSON body is " + request.getLength() + " bytes, more than the " + limit + " this server takes");
    }
}
