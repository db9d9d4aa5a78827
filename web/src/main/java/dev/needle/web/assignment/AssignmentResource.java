package dev.needle.web.assignment;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

import dev.needle.web.security.Roles;

@Tag(name = "assignments", description = "Who labels which image of a round, and how far each annotator is")
@Path("/api/projects/{project}/assignments")
public class AssignmentResource {

    @Inject
    AssignmentService assignments;
    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/{round}/mine")
    @RolesAllowed(Roles.ANNOTATOR)
    @Operation(summary = "The caller's share of the round's batch, with the labels they gave")
    public AssignmentViews.MyItems myItems(@PathParam("project") String project, @PathParam("round") int round) {
        return assignments.myItems(project, round, identity.getPrincipal().getName());
    }

    @GET
    @Path("/{round}")
    @RolesAllowed({ Roles.MLOPS, Roles.MANAGER })
    @Operation(summary = "Per-annotator progress of the round: assigned, labeled, time from first to last label")
    public List<AssignmentViews.Progress> progress(@PathParam("project") String project, @PathParam("round") int round) {
        return assignments.progress(project, round);
    }

    @POST
    @Path("/{round}/reassign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MLOPS)
    @Operation(summary = "Give unlabeled images of the round to another annotator")
    public List<AssignmentViews.Progress> reassign(
            @PathParam("project") String project, @PathParam("round") int round,
            @NotNull(message = "a JSON body is required") @Valid AssignmentViews.Reassign request) {
        return assignments.reassign(project, round, request);
    }
}
