package dev.needle.web.iteration;

import java.io.IOException;
import java.io.InputStream;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

import dev.needle.web.security.Roles;
import dev.needle.workflows.messages.queries.LabelsAccepted;

@Tag(name = "iterations", description = "Active-learning rounds: start, watch, label, finish")
@Path("/api/projects/{project}/iterations")
public class IterationResource {

    private static final String UPLOAD_LIMITS = "Read as it streams in: a body over needle.labels.max-upload-size, or "
            + "with more labels than needle.labels.max-entries, is a 413 naming the setting; more labels than the batch "
            + "has images, an image outside the batch or an unknown class is a 400 naming labels. Nothing of a refused "
            + "upload is recorded.";

    @Inject
    IterationStarts starts;
    @Inject
    IterationMessages messages;
    @Inject
    IterationReads reads;
    @Inject
    LabelUploads uploads;
    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    @Operation(summary = "List a project's iterations")
    public List<IterationSummary> list(@PathParam("project") String project) {
        return reads.list(project);
    }

    /** Accepted, not done: the iteration runs on; poll its state or watch the status page. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MLOPS)
    @Operation(summary = "Start the next round (returns at once; the round runs in Temporal)")
    public Response start(@PathParam("project") String project,
            @NotNull(message = "a JSON body is required") @Valid StartIteration request) {
        IterationView started = starts.start(project, request);
        return Response.accepted(started)
                .location(URI.create("/api/projects/" + project + "/iterations/" + started.round()))
                .build();
    }

    @GET
    @Path("/{round}")
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    @Operation(summary = "An iteration: step, batch with scores and labels, model, lineage, events")
    public IterationView get(@PathParam("project") String project, @PathParam("round") int round) {
        return reads.view(project, round);
    }

    @POST
    @Path("/{round}/labels")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ANNOTATOR)
    @Operation(summary = "Submit labels for the batch as JSON", description = UPLOAD_LIMITS)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubmittedLabels.class)))
    public LabelsAccepted labels(
            @PathParam("project") String project, @PathParam("round") int round, InputStream body) throws IOException {
        return messages.submitLabels(project, round, uploads.json(body), annotator());
    }

    /** The same as JSON, as CSV with a header {@code file_name,label}, the format labeling tools export. */
    @POST
    @Path("/{round}/labels")
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN })
    @RolesAllowed(Roles.ANNOTATOR)
    @Operation(summary = "Submit labels for the batch as CSV file_name,label", description = UPLOAD_LIMITS)
    @RequestBody(content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    public LabelsAccepted labelsCsv(
            @PathParam("project") String project, @PathParam("round") int round, InputStream csv) throws IOException {
        return messages.submitLabels(project, round, uploads.csv(csv), annotator());
    }

    @POST
    @Path("/{round}/done")
    @RolesAllowed(Roles.ANNOTATOR)
    @Operation(summary = "Signal that labeling is finished")
    public Response done(@PathParam("project") String project, @PathParam("round") int round) {
        messages.labelingDone(project, round, annotator());
        return Response.accepted().build();
    }

    @POST
    @Path("/{round}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MLOPS)
    @Operation(summary = "Cancel the round", description = "The body {\"reason\": …} is optional.")
    public Response cancel(
            @PathParam("project") String project, @PathParam("round") int round, @Valid CancelRequest request) {
        messages.cancel(project, round, annotator(), request == null ? null : request.reason());
        return Response.accepted().build();
    }

    @POST
    @Path("/{round}/retry")
    @RolesAllowed(Roles.MLOPS)
    @Operation(summary = "Retry the retrain step of an iteration that failed there (e.g. its trainer never reported)", description = "409 unless the iteration failed at RETRAIN. The workflow resumes at RETRAIN with a new trainer run; labels and earlier outputs are kept.")
    public Response retry(@PathParam("project") String project, @PathParam("round") int round) {
        return Response.accepted(starts.retryRetrain(project, round, annotator())).build();
    }

    private String annotator() {
        return identity.getPrincipal().getName();
    }
}
