package dev.needle.web.formats;

import java.io.InputStream;

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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

import dev.needle.web.security.Roles;
import dev.needle.workflows.messages.queries.LabelsAccepted;

@Tag(name = "labeling files", description = "A batch in the formats labeling tools read, and labels back from theirs")
@Path("/api/projects/{project}/iterations/{round}")
public class LabelingFilesResource {

    @Inject
    LabelingFiles files;
    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/export/coco")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ANNOTATOR, Roles.MLOPS })
    @Operation(summary = "The batch as a COCO file: images, categories, and the labels given so far as annotations")
    public Response coco(@PathParam("project") String project, @PathParam("round") int round) {
        return attachment(files.coco(project, round), project + "-r" + round + "-coco.json");
    }

    @GET
    @Path("/export/label-studio")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ANNOTATOR, Roles.MLOPS })
    @Operation(summary = "The batch as Label Studio tasks, the model's predictions as pre-annotations", description = "imageRoot, if given, prefixes each image's path in the tasks: an http(s) URL or a relative path.")
    public Response labelStudio(@PathParam("project") String project, @PathParam("round") int round,
            @QueryParam("imageRoot") String imageRoot) {
        return attachment(files.labelStudio(project, round, imageRoot), project + "-r" + round + "-label-studio.json");
    }

    @GET
    @Path("/export/csv")
    @Produces("text/csv")
    @RolesAllowed({ Roles.ANNOTATOR, Roles.MLOPS })
    @Operation(summary = "The batch as CSV file_name,label (classification)")
    public Response csv(@PathParam("project") String project, @PathParam("round") int round) {
        return attachment(files.csv(project, round), project + "-r" + round + ".csv");
    }

    @POST
    @Path("/labels/coco")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ANNOTATOR, Roles.MLOPS })
    @Operation(summary = "Submit labels as a COCO annotations file (detection: boxes per image)")
    public LabelsAccepted importCoco(@PathParam("project") String project, @PathParam("round") int round,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return files.importCoco(project, round, files.read(length, body), user());
    }

    @POST
    @Path("/labels/label-studio")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ANNOTATOR, Roles.MLOPS })
    @Operation(summary = "Submit labels as a Label Studio JSON export")
    public LabelsAccepted importLabelStudio(@PathParam("project") String project, @PathParam("round") int round,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return files.importLabelStudio(project, round, files.read(length, body), user());
    }

    private static Response attachment(Object body, String name) {
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }

    private String user() {
        return identity.getPrincipal().getName();
    }
}
