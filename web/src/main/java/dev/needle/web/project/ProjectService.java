package dev.needle.web.project;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.needle.activities.project.Projects;
import dev.needle.web.dataset.DatasetView;
import dev.needle.web.problem.ProblemException;

/** Projects as the API and the pages show them; the rules and the rows are {@link Projects}'. */
@ApplicationScoped
public class ProjectService {

    @Inject
    Projects projects;

    public List<ProjectView> list() {
        return projects.overviews().stream().map(ProjectService::view).toList();
    }

    public ProjectView get(String slug) {
        return view(projects.overview(slug));
    }

    public ProjectView create(CreateProject request) {
        if (request == null)
            throw ProblemException.badRequest(null, "a JSON body is required");
        return view(projects.create(request.slug(), request.name(), request.classes(), request.taskType(),
                request.embedder()));
    }

    private static ProjectView view(Projects.Overview overview) {
        var project = overview.project();
        var m = overview.currentModel();
        return new ProjectView(
                project.slug,
                project.name,
                project.classes(),
                m == null ? null
                        : new ProjectView.Model(m.version, m.kind.key(), m.accuracy, m.trainingSize,
                                m.createdAt, m.trainerRun),
                overview.datasets().stream().map(d -> DatasetView.of(d, List.of())).toList(),
                project.taskType,
                project.embedder);
    }
}
