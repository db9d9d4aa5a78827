package dev.needle.web.trainer;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.needle.web.problem.ProblemException;
import dev.needle.web.security.Roles;

/**
 * External trainers (webhook or Kubernetes Job) and how ML-ops configure and watch them. The trainer's own calls
 * carry no user: they are authenticated by the run's token, which only that run's trainer received.
 */
@Tag(name = "trainers", description = "External retrain triggers: project trainer, run manifests and completion reports")
@Path("/api/trainer-runs")
@Produces(MediaType.APPLICATION_JSON)
public class TrainerRunResource {

    /** A header of its own rather than Authorization, which belongs to the user login (basic or OIDC bearer). */
    public static final String TOKEN_HEADER = "X-Needle-Run-Token";

    @Inject
    TrainerRunService service;

    @GET
    @Path("/{run}/manifest")
    @PermitAll
    @SecurityRequirements
    @Operation(summary = "The labeled set handed to a trainer run (for the trainer; authenticated by the run token)")
    public Map<String, Object> manifest(
            @PathParam("run") String run,
            @Parameter(in = ParameterIn.HEADER, description = "the run's token") @HeaderParam(TOKEN_HEADER) String token) {
        return service.manifest(run, token);
    }

    @POST
    @Path("/{run}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    @SecurityRequirements
    @Operation(summary = "A trainer reports its model (for the trainer; authenticated by the run token)", description = "Records the model version and metric on the iteration and lets the iteration go on. A repeated report returns what was recorded and changes nothing. 404 unknown run, 401/403 missing or wrong token, 409 run no longer awaited.")
    public TrainerRunView complete(
            @PathParam("run") String run,
            @Parameter(in = ParameterIn.HEADER, description = "the run's token") @HeaderParam(TOKEN_HEADER) String token,
            CompletionReport report) {
        return service.complete(run, token, report);
    }

    @GET
    @RolesAllowed({ Roles.MLOPS, Roles.MANAGER })
    @Operation(summary = "The trainer runs of an iteration, oldest first (one per attempt of its retrain step)")
    public List<TrainerRunView> runs(@QueryParam("project") String project, @QueryParam("round") Integer round) {
        if (project == null || round == null)
            throw ProblemException.badRequest(project == null ? "project" : "round", "is required");
        return service.forIteration(project, round);
    }
}
