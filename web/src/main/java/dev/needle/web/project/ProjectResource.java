package dev.needle.web.project;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import dev.needle.web.security.Roles;

@Path("/api/projects")
public class ProjectResource {

    @Inject
    ProjectService projects;

    @GET
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    public List<ProjectView> list() {
        return projects.list();
    }

    @POST
    @RolesAllowed(Roles.MLOPS)
    public Response create(CreateProject request) {
        ProjectView created = projects.create(request);
        return Response.created(URI.create("/api/projects/" + created.slug())).entity(created).build();
    }

    @GET
    @Path("/{project}")
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    public ProjectView get(@PathParam("project") String slug) {
        return projects.get(slug);
    }
}
