package dev.needle.web.dataset;

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

import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.activities.dataset.Datasets;
import dev.needle.activities.project.Projects;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.security.Roles;

@Tag(name = "datasets", description = "Folders of images registered with a project")
@Path("/api/projects/{project}/datasets")
public class DatasetResource {

    @Inject
    Projects projects;
    @Inject
    DatasetRegistry registry;
    @Inject
    Datasets datasets;

    @GET
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    @Operation(summary = "List a project's datasets")
    public List<DatasetView> list(@PathParam("project") String project) {
        return datasets.inProject(project).stream()
                .map(d -> DatasetView.of(d, List.of()))
                .toList();
    }

    /** Registration reads every file of the folder; it runs in the request, outside any long transaction. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MLOPS)
    @Operation(summary = "Register a folder under the datasets root as a dataset")
    public Response register(@PathParam("project") String project,
            @NotNull(message = "a JSON body is required") @Valid RegisterDataset request) {
        if (request == null)
            throw ProblemException.badRequest(null, "a JSON body is required");
        long projectId = projects.require(project).id;
        Dataset dataset = registry.register(projectId, request.name(), request.folder());
        DatasetView view = DatasetView.of(datasets.registered(dataset));
        return Response.created(URI.create("/api/projects/" + project + "/datasets/" + dataset.id)).entity(view).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    @Operation(summary = "A dataset with the files it skipped and why")
    public DatasetView get(@PathParam("project") String project, @PathParam("id") long id) {
        return DatasetView.of(datasets.detail(project, id));
    }

    /**
     * Every sample in id order, the row order of the dataset's embedding matrix: what an external tool needs to join
     * an embedding or prediction artifact with file names and eval classes.
     */
    @GET
    @Path("/{id}/samples")
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    @Operation(summary = "A dataset's samples: id, path, split and (eval images) class")
    public List<SampleView> samples(@PathParam("project") String project, @PathParam("id") long id) {
        return datasets.samples(project, id).stream().map(SampleView::of).toList();
    }
}
