package dev.needle.web.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
            @NotNull(message = "a JSON body is required") @Valid CompletionReport report) {
        return service.complete(run, token, report);
    }

    @PUT
    @Path("/{run}/model")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @PermitAll
    @SecurityRequirements
    @Operation(summary = "A trainer hands back its ONNX network (for the trainer; authenticated by the run token)", description = "The ONNX file is the body, streamed; larger than needle.trainer.max-model-size is a 413 naming the limit. The report's model card then says how to run it. 409 once the run is no longer awaited.")
    public HandBackView model(@PathParam("run") String run,
            @Parameter(in = ParameterIn.HEADER, description = "the run's token") @HeaderParam(TOKEN_HEADER) String token,
            InputStream body) {
        return service.uploadModel(run, token, body);
    }

    @PUT
    @Path("/{run}/predictions")
    @Consumes({ "application/zip", MediaType.APPLICATION_OCTET_STREAM })
    @PermitAll
    @SecurityRequirements
    @Operation(summary = "A trainer hands back its predictions of the pool (for the trainer; authenticated by the run token)", description = "A Lightly prediction folder (tasks.json, <task>/schema.json, one JSON per image), zipped; ?task= if it holds several. Validated as the predictions import is; the report then says {\"model\": {\"kind\": \"predictions\"}}.")
    public HandBackView predictions(@PathParam("run") String run,
            @Parameter(in = ParameterIn.HEADER, description = "the run's token") @HeaderParam(TOKEN_HEADER) String token,
            @QueryParam("task") String task, byte[] zip) {
        return service.uploadPredictions(run, token, zip, task);
    }

    @PUT
    @Path("/{run}/embeddings")
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN })
    @PermitAll
    @SecurityRequirements
    @Operation(summary = "A trainer hands back embeddings of the pool with its predictions (Lightly embeddings.csv; authenticated by the run token)")
    public HandBackView embeddings(@PathParam("run") String run,
            @Parameter(in = ParameterIn.HEADER, description = "the run's token") @HeaderParam(TOKEN_HEADER) String token,
            InputStream csv) {
        return service.uploadEmbeddings(run, token, csv);
    }

    @GET
    @Path("/{run}/images/{sample}")
    @Produces(MediaType.WILDCARD)
    @PermitAll
    @SecurityRequirements
    @Operation(summary = "An image of the run's dataset, for trainers that share no disk with Needle (authenticated by the run token, while the run is awaited)")
    public Response image(@PathParam("run") String run, @PathParam("sample") long sample,
            @Parameter(in = ParameterIn.HEADER, description = "the run's token") @HeaderParam(TOKEN_HEADER) String token)
            throws IOException {
        java.nio.file.Path file = service.image(run, token, sample);
        String type = Files.probeContentType(file);
        return Response.ok(file.toFile(), type == null ? MediaType.APPLICATION_OCTET_STREAM : type).build();
    }

    @GET
    @Path("/{run}/pool")
    @PermitAll
    @SecurityRequirements
    @Operation(summary = "Every pool image of the run's dataset with its URL, for a trainer that hands back predictions (authenticated by the run token)")
    public List<Map<String, String>> pool(@PathParam("run") String run,
            @Parameter(in = ParameterIn.HEADER, description = "the run's token") @HeaderParam(TOKEN_HEADER) String token) {
        return service.pool(run, token);
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
