package dev.needle.web.formats;

import java.io.InputStream;
import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.security.identity.SecurityIdentity;

import dev.needle.web.security.Roles;

@Tag(name = "imports", description = "Bring your own embeddings and predictions; an iteration can use them instead of "
        + "running its embed or predict step")
@Path("/api/projects/{project}/imports")
public class ImportResource {

    @Inject
    ImportService imports;
    @Inject
    SecurityIdentity identity;

    @POST
    @Path("/embeddings")
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN })
    @RolesAllowed(Roles.MLOPS)
    @Operation(summary = "Import Lightly's embeddings.csv (filenames,embedding_0..embedding_{d-1},labels[,masked,selected])")
    public Response embeddings(@PathParam("project") String project, @QueryParam("dataset") String dataset,
            @QueryParam("fileName") String fileName, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
            InputStream csv) {
        return created(project, imports.embeddings(project, dataset, fileName, length, csv, user()));
    }

    @POST
    @Path("/predictions/lightly")
    @Consumes({ "application/zip", MediaType.APPLICATION_OCTET_STREAM })
    @RolesAllowed(Roles.MLOPS)
    @Operation(summary = "Import a Lightly prediction folder (tasks.json, <task>/schema.json, one JSON per image), zipped")
    public Response lightly(@PathParam("project") String project, @QueryParam("dataset") String dataset,
            @QueryParam("task") String task, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream zip) {
        return created(project, imports.lightlyPredictions(project, dataset, task, length, zip, user()));
    }

    @POST
    @Path("/predictions/coco")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.MLOPS)
    @Operation(summary = "Import COCO detection results [{image_id, category_id, bbox, score}] with the COCO file "
            + "listing the dataset's images and categories")
    public Response coco(@PathParam("project") String project, @QueryParam("dataset") String dataset,
            @RestForm("results") FileUpload results, @RestForm("images") FileUpload images) {
        return created(project, imports.cocoResults(project, dataset, results, images, user()));
    }

    @GET
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    @Operation(summary = "List a project's imports")
    public List<ImportView> list(@PathParam("project") String project) {
        return imports.list(project);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    @Operation(summary = "An import, with the dataset's images it had nothing for")
    public ImportView get(@PathParam("project") String project, @PathParam("id") long id) {
        return imports.get(project, id);
    }

    private static Response created(String project, ImportView view) {
        return Response.created(URI.create("/api/projects/" + project + "/imports/" + view.id())).entity(view).build();
    }

    private String user() {
        return identity.getPrincipal().getName();
    }
}
