package dev.needle.web.dashboard.annotate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

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
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import dev.needle.activities.BadInputException;
import dev.needle.activities.RefusedException;
import dev.needle.activities.formats.csv.LabelCsv;
import dev.needle.web.assignment.AssignmentService;
import dev.needle.web.assignment.AssignmentViews;
import dev.needle.web.dashboard.FormProblem;
import dev.needle.web.dashboard.annotate.AnnotateViews.ClassButton;
import dev.needle.web.dashboard.annotate.AnnotateViews.Item;
import dev.needle.web.dashboard.annotate.AnnotateViews.Labeler;
import dev.needle.web.dashboard.annotate.AnnotateViews.Progress;
import dev.needle.web.dashboard.annotate.AnnotateViews.ProjectWork;
import dev.needle.web.dashboard.annotate.AnnotateViews.RoundState;
import dev.needle.web.dashboard.annotate.AnnotateViews.RoundWork;
import dev.needle.web.dashboard.annotate.AnnotateViews.UploadResult;
import dev.needle.web.formats.LabelingFiles;
import dev.needle.web.iteration.IterationMessages;
import dev.needle.web.iteration.IterationReads;
import dev.needle.web.iteration.IterationSummary;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.project.ProjectService;
import dev.needle.web.project.ProjectView;
import dev.needle.web.security.Roles;
import dev.needle.workflows.messages.queries.LabelsAccepted;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.LabelEntry;
import dev.needle.workflows.messages.values.Step;

/**
 * The annotator's pages: their share of every open round, and one round's share to export, upload or label here.
 * Everything is read and written through the services the API uses, as the logged-in annotator, so a page can show
 * and change nothing the same person could not through the API.
 */
@Path("/annotate")
public class AnnotatePage {

    /** Formats a share is exported in; CSV holds classes only. */
    public record Export(String format, String label, String tool) {
    }

    /** One round's page. */
    public record Batch(ProjectView project, int round, boolean classification, Progress progress, Labeler labeler,
            RoundState state, List<Export> exports, UploadResult upload, String defaultFormat) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<ProjectWork> projects);

        static native TemplateInstance batch(Batch batch);

        static native TemplateInstance batch$labeler(Labeler labeler);

        static native TemplateInstance batch$progress(Progress progress);

        static native TemplateInstance batch$state(RoundState state);
    }

    @Inject
    AssignmentService assignments;
    @Inject
    IterationMessages messages;
    @Inject
    IterationReads iterations;
    @Inject
    ProjectService projects;
    @Inject
    LabelingFiles files;
    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Roles.ANNOTATOR)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance index() {
        List<ProjectWork> out = new ArrayList<>();
        for (ProjectView project : projects.list()) {
            List<RoundWork> rounds = new ArrayList<>();
            for (IterationSummary it : iterations.list(project.slug())) {
                if (it.status() != IterationStatus.RUNNING || it.step() != Step.LABELING)
                    continue;
                AssignmentViews.MyItems mine = assignments.myItems(project.slug(), it.round(), me());
                if (mine.assigned() > 0)
                    rounds.add(new RoundWork(project.slug(), project.name(), it.round(), it.strategy(), mine.assigned(),
                            mine.labeled()));
            }
            if (!rounds.isEmpty())
                out.add(new ProjectWork(project.slug(), project.name(), rounds));
        }
        return Templates.index(out);
    }

    @GET
    @RolesAllowed(Roles.ANNOTATOR)
    @Path("/{project}/{round}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance batch(@PathParam("project") String project, @PathParam("round") int round,
            @QueryParam("at") Integer at) {
        return Templates.batch(page(project, round, at, null));
    }

    @GET
    @RolesAllowed(Roles.ANNOTATOR)
    @Path("/{project}/{round}/labeler")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance labeler(@PathParam("project") String project, @PathParam("round") int round,
            @QueryParam("at") Integer at) {
        return Templates.batch$labeler(labeler(project, round, state(project, round, false), at, null));
    }

    /**
     * One label from the labeler. htmx gets the labeler moved on to the next unlabeled image and the progress
     * out-of-band; a plain form post is sent back to the page at that image.
     */
    @POST
    @RolesAllowed(Roles.ANNOTATOR)
    @Path("/{project}/{round}/labels")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response label(@PathParam("project") String project, @PathParam("round") int round,
            @RestForm("file") String file, @RestForm("label") String label, @RestForm("at") Integer at,
            @HeaderParam("HX-Request") String htmx) {
        FormProblem problem = null;
        try {
            messages.submitLabels(project, round, List.of(new LabelEntry(file, label)), me());
        } catch (ProblemException | BadInputException | RefusedException e) {
            problem = FormProblem.of(e);
        }
        RoundState state = state(project, round, false);
        Labeler labeler = labeler(project, round, state, at, problem);
        if (problem == null)
            labeler = moveOn(labeler);
        if (htmx == null) {
            return Response.seeOther(URI.create("/annotate/" + project + "/" + round + "?at=" + labeler.at())).build();
        }
        String body = Templates.batch$labeler(labeler).render()
                + Templates.batch$progress(progress(project, round, labeler.items(), true)).render();
        return Response.status(problem == null ? 200 : problem.status()).entity(body).build();
    }

    @GET
    @RolesAllowed(Roles.ANNOTATOR)
    @Path("/{project}/{round}/state")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance state(@PathParam("project") String project, @PathParam("round") int round) {
        return Templates.batch$state(state(project, round, false));
    }

    /** Ends labeling of the round for everyone, as the API's {@code …/done} does; the page asks to confirm first. */
    @POST
    @RolesAllowed(Roles.ANNOTATOR)
    @Path("/{project}/{round}/done")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response done(@PathParam("project") String project, @PathParam("round") int round,
            @HeaderParam("HX-Request") String htmx) {
        FormProblem problem = null;
        try {
            messages.labelingDone(project, round, me());
        } catch (ProblemException | RefusedException e) {
            problem = FormProblem.of(e);
        }
        if (htmx == null && problem == null)
            return Response.seeOther(URI.create("/annotate/" + project + "/" + round)).build();
        RoundState state = state(project, round, problem == null);
        if (htmx == null)
            return Response.status(problem.status()).entity(Templates.batch(page(project, round, null, null))).build();
        return Response.status(problem == null ? 200 : problem.status())
                .entity(Templates.batch$state(state.refused(problem))).build();
    }

    /** Labels from a labeling tool's file, through the same services as the API's uploads. */
    @POST
    @RolesAllowed(Roles.ANNOTATOR)
    @Path("/{project}/{round}/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    public Response upload(@PathParam("project") String project, @PathParam("round") int round,
            @RestForm("format") String format, @RestForm("file") FileUpload file) {
        String name = file == null ? null : file.fileName();
        UploadResult result;
        try {
            LabelsAccepted accepted = importFile(project, round, format, file);
            result = new UploadResult(name, accepted.recorded(), accepted.unchanged(), null);
        } catch (ProblemException | BadInputException | RefusedException e) {
            result = new UploadResult(name, 0, 0, FormProblem.of(e));
        }
        int status = result.problem() == null ? 200 : result.problem().status();
        return Response.status(status).entity(Templates.batch(page(project, round, null, result))).build();
    }

    @GET
    @RolesAllowed(Roles.ANNOTATOR)
    @Path("/{project}/{round}/export/{format}")
    public Response export(@PathParam("project") String project, @PathParam("round") int round,
            @PathParam("format") String format) {
        String name = project + "-r" + round + "-" + me();
        return switch (format) {
            case "coco" -> attachment(files.coco(project, round), MediaType.APPLICATION_JSON, name + "-coco.json");
            case "label-studio" -> attachment(files.labelStudio(project, round, null), MediaType.APPLICATION_JSON,
                    name + "-label-studio.json");
            case "csv" -> attachment(files.csv(project, round), "text/csv", name + ".csv");
            default -> throw ProblemException.notFound("format", "no export " + format + "; one of coco, label-studio, csv");
        };
    }

    private LabelsAccepted importFile(String project, int round, String format, FileUpload file) {
        if (file == null || file.fileName() == null || file.fileName().isBlank() || file.size() == 0)
            throw ProblemException.badRequest("file", "choose a file to upload");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return switch (format == null ? "" : format) {
            case "csv" -> messages.submitLabels(project, round,
                    LabelCsv.parse(file.fileName(), new String(bytes, StandardCharsets.UTF_8)), me());
            case "label-studio" -> files.importLabelStudio(project, round, bytes, me());
            case "coco" -> files.importCoco(project, round, bytes, me());
            default -> throw ProblemException.badRequest("format", "one of csv, label-studio, coco");
        };
    }

    private Batch page(String project, int round, Integer at, UploadResult upload) {
        ProjectView view = projects.get(project);
        RoundState state = state(project, round, false);
        Labeler labeler = labeler(project, round, state, at, null);
        boolean classification = "classification".equals(view.taskType());
        List<Export> exports = new ArrayList<>();
        exports.add(new Export("label-studio", "Label Studio tasks", "JSON, with the model's predictions"));
        exports.add(new Export("coco", "COCO", "JSON: images, categories, your labels so far"));
        if (classification)
            exports.add(new Export("csv", "CSV", "file_name,label"));
        return new Batch(view, round, classification, progress(project, round, labeler.items(), false), labeler, state,
                exports, upload, classification ? "csv" : "coco");
    }

    private Labeler labeler(String project, int round, RoundState state, Integer at, FormProblem problem) {
        AssignmentViews.MyItems mine = assignments.myItems(project, round, me());
        List<Item> items = Item.of(project, mine);
        int index;
        if (items.isEmpty())
            index = 0;
        else if (at != null)
            index = Math.floorMod(at, items.size());
        else
            index = items.stream().filter(i -> i.label() == null).findFirst().map(Item::index).orElse(0);
        ProjectView view = projects.get(project);
        return new Labeler(project, round, items, index, ClassButton.of(view.classes()), state.labeling(),
                "classification".equals(view.taskType()), problem);
    }

    /** After a label: the next image without one, after this one and round the end; this one if all have labels. */
    private static Labeler moveOn(Labeler labeler) {
        List<Item> items = labeler.items();
        for (int step = 1; step <= items.size(); step++) {
            Item candidate = items.get((labeler.at() + step) % items.size());
            if (candidate.label() == null)
                return withAt(labeler, candidate.index());
        }
        return labeler;
    }

    private static Labeler withAt(Labeler l, int at) {
        return new Labeler(l.project(), l.round(), l.items(), at, l.classes(), l.open(), l.classification(), l.problem());
    }

    private static Progress progress(String project, int round, List<Item> items, boolean oob) {
        return new Progress(project, round, items, (int) items.stream().filter(i -> i.label() != null).count(), oob);
    }

    private RoundState state(String project, int round, boolean doneSent) {
        IterationSummary it = iterations.list(project).stream().filter(i -> i.round() == round).findFirst()
                .orElseThrow(() -> ProblemException.notFound("round", "project " + project + " has no iteration " + round));
        return new RoundState(project, round, it.status().name(), it.step() == null ? null : it.step().name(), doneSent,
                null);
    }

    private static Response attachment(Object body, String type, String name) {
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }

    private String me() {
        return identity.getPrincipal().getName();
    }
}
