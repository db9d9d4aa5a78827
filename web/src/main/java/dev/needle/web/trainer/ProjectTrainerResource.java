package dev.needle.web.trainer;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.needle.web.security.Roles;

/** Which trainer a project's iterations use. Its own resource: the full path keeps it apart from ProjectResource. */
@Tag(name = "trainers")
@Path("/api/projects/{project}/trainer")
public class ProjectTrainerResource {

    @Inject
    TrainerRunService service;

    @GET
    @RolesAllowed({ Roles.MLOPS, Roles.MANAGER })
    @Operation(summary = "The project's trainer")
    public TrainerSetting trainer(@PathParam("project") String project) {
        return service.trainerOf(project);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MLOPS)
    @Operation(summary = "Choose the project's trainer: BUILTIN, WEBHOOK (with its URL) or KUBERNETES", description = "Applies to iterations started afterwards; an iteration may still name its own trainer.")
    public TrainerSetting setTrainer(@PathParam("project") String project,
            @NotNull(message = "a JSON body is required") @Valid TrainerSetting setting) {
        return service.setTrainer(project, setting);
    }
}
