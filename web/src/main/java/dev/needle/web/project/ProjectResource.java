package dev.needle.web.project;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.needle.web.security.Roles;

@Tag(name = "projects", description = "Projects: a class list, datasets, iterations and the current model")
@Path("/api/projects")
public class ProjectResource {

    @Inject
    ProjectService projects;

    @GET
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    @Operation(summary = "List projects")
    public List<ProjectView> list() {
        return projects.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MLOPS)
    @Operation(summary = "Create a project")
    public Response create(@NotNull(message = "a JSON body is required") @Valid CreateProject request) {
        ProjectView created = projects.create(request);
        return Response.created(URI.create("/api/projects/" + created.slug())).entity(created).build();
    }

    @GET
    @Path("/{project}")
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    @Operation(summary = "A project with its datasets and current model")
    public ProjectView get(@PathParam("project") String slug) {
        return projects.get(slug);
    }
}
