package dev.needle.web.dashboard.projects;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import dev.needle.activities.BadInputException;
import dev.needle.activities.RefusedException;
import dev.needle.web.dashboard.ErrorPage;
import dev.needle.web.dashboard.FormErrors;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.problem.RequestRules;
import dev.needle.web.project.CreateProject;
import dev.needle.web.project.ProjectService;
import dev.needle.web.project.ProjectView;
import dev.needle.web.security.Roles;

/**
 * The home page: every project with its datasets, current model and budget, and (for ML-ops) the form that creates
 * one; and a project's page: its rounds, with charts of metric against labels and spend.
 */
@Path("/")
public class ProjectsPage {

    private static final String[] CREATE_INPUTS = { "slug", "name", "classes" };

    public record ProjectCard(ProjectView project, BudgetBar budget, int rounds, ProjectHistory.Round latest) {
    }

    /** What the create form showed, to show again beside its messages. */
    public record CreateForm(String slug, String name, String classes) {
        static final CreateForm EMPTY = new CreateForm("", "", "");
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance projects(List<ProjectCard> projects, CreateForm form, FormErrors errors);

        static native TemplateInstance project(ProjectView project, BudgetBar budget, List<ProjectHistory.Round> rounds,
                boolean canStart);
    }

    @Inject
    ProjectService projects;
    @Inject
    ProjectHistory history;
    @Inject
    RequestRules rules;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    public TemplateInstance index() {
        return page(CreateForm.EMPTY, FormErrors.none());
    }

    @POST
    @Path("projects")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.MLOPS)
    public Response create(@RestForm String slug, @RestForm String name, @RestForm String classes) {
        CreateForm form = new CreateForm(slug == null ? "" : slug.strip(), name == null ? "" : name.strip(),
                classes == null ? "" : classes);
        try {
            ProjectView created = projects
                    .create(rules.check(new CreateProject(form.slug(), form.name(), classList(form.classes()),
                            null, null)));
            return Response.seeOther(URI.create("/projects/" + created.slug())).build();
        } catch (ProblemException | BadInputException | RefusedException e) {
            FormErrors errors = FormErrors.of(e, CREATE_INPUTS);
            return Response.status(errors.status()).entity(page(form, errors)).build();
        }
    }

    @GET
    @Path("projects/{project}")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    public TemplateInstance project(@PathParam("project") String slug) {
        ProjectView project = projects.get(slug);
        ProjectHistory.Table table = history.table(slug);
        boolean running = table.rounds().stream().anyMatch(ProjectHistory.Round::isRunning);
        return Templates.project(project, BudgetBar.of(table.budget()), table.rounds(), !running);
    }

    /** The project page's charts, as JSON for its script (pages cannot call /api/*: that takes basic or bearer only). */
    @GET
    @Path("projects/{project}/charts")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    public ProjectHistory.Charts charts(@PathParam("project") String slug) {
        return history.charts(slug);
    }

    private TemplateInstance page(CreateForm form, FormErrors errors) {
        List<ProjectCard> cards = projects.list().stream().map(p -> {
            ProjectHistory.Table table = history.table(p.slug());
            List<ProjectHistory.Round> rounds = table.rounds();
            return new ProjectCard(p, BudgetBar.of(table.budget()), rounds.size(),
                    rounds.isEmpty() ? null : rounds.get(rounds.size() - 1));
        }).toList();
        return Templates.projects(cards, form, errors);
    }

    /** Only for this class's pages (and their data endpoints): the API keeps answering problem+json. */
    @ServerExceptionMapper
    Response problem(ProblemException e) {
        return ErrorPage.of(e);
    }

    @ServerExceptionMapper
    Response refused(RefusedException e) {
        return ErrorPage.of(e);
    }

    /** "cat, dog" is two classes; an empty field is none (the first dataset's eval folders name them). */
    static List<String> classList(String classes) {
        if (classes == null || classes.isBlank())
            return List.of();
        return Arrays.stream(classes.split(",", -1)).map(String::strip).toList();
    }
}
