package dev.needle.web.status;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import dev.needle.web.iteration.IterationService;
import dev.needle.web.iteration.IterationSummary;
import dev.needle.web.project.ProjectService;
import dev.needle.web.project.ProjectView;
import dev.needle.web.security.Roles;

/** A plain page listing projects and their iterations; the full dashboard comes later. */
@Path("/")
public class StatusPage {

    public record ProjectRow(ProjectView project, List<IterationSummary> iterations) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<ProjectRow> projects);
    }

    @Inject
    ProjectService projects;
    @Inject
    IterationService iterations;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({ Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER })
    public TemplateInstance index() {
        List<ProjectRow> rows = projects.list().stream()
                .map(p -> new ProjectRow(p, iterations.list(p.slug())))
                .toList();
        return Templates.index(rows);
    }
}
