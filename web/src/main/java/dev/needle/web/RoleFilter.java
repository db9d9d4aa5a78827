package dev.needle.web;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.needle.web.problem.ProblemMappers;

/**
 * A process without the {@code web} role still answers health checks (Kubernetes needs them) but serves no API or
 * page.
 */
public class RoleFilter {

    // Looked up per request: filters are built during static init, before runtime config mappings exist.
    @Inject
    Instance<NeedleConfig> config;

    @ServerRequestFilter(preMatching = true)
    public Response refuseWithoutWebRole(ContainerRequestContext request) {
        if (config.get().roles().contains(NeedleConfig.Role.WEB))
            return null;
        return ProblemMappers.respond(404, null, "this process runs Temporal workers only (needle.roles=worker)");
    }
}
