package dev.needle.web.project;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.embedding.Embedders;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.activities.project.TaskType;
import dev.needle.activities.training.ModelVersionRepository;
import dev.needle.web.dataset.DatasetView;
import dev.needle.web.problem.ProblemException;

@ApplicationScoped
public class ProjectService {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    @Inject
    ProjectRepository projects;
    @Inject
    DatasetRepository datasets;
    @Inject
    ModelVersionRepository models;
    @Inject
    Embedders embedders;

    public Project require(String slug) {
        return projects.findBySlug(slug).orElseThrow(() -> ProblemException.notFound("project", "no project " + slug));
    }

    @Transactional
    public List<ProjectView> list() {
        return projects.listAll().stream().map(this::view).toList();
    }

    @Transactional
    public ProjectView get(String slug) {
        return view(require(slug));
    }

    @Transactional
    public ProjectView create(CreateProject request) {
        if (request == null)
            throw ProblemException.badRequest(null, "a JSON body is required");
        if (request.slug() == null || !SLUG.matcher(request.slug()).matches()) {
            throw ProblemException.badRequest("slug", "lowercase letters, digits and dashes, 1 to 63 characters");
        }
        if (projects.findBySlug(request.slug()).isPresent()) {
            throw ProblemException.conflict("slug", "a project " + request.slug() + " exists already");
        }
        List<String> classes = request.classes() == null ? List.of() : request.classes();
        for (int i = 0; i < classes.size(); i++) {
            String c = classes.get(i);
            if (c == null || c.isBlank() || c.contains("\n") || c.contains("/")) {
                throw ProblemException.badRequest("classes[" + i + "]", "a class name must be non-empty, one line, no '/'");
            }
        }
        if (new LinkedHashSet<>(classes).size() != classes.size()) {
            throw ProblemException.badRequest("classes", "class names must be unique");
        }
        Project project = new Project();
        project.slug = request.slug();
        project.name = request.name() == null || request.name().isBlank() ? request.slug() : request.name();
        project.setClasses(classes);
        project.taskType = TaskType.parse("taskType", request.taskType() == null ? "classification" : request.taskType()).key();
        project.embedder = embedders.validate(request.embedder());
        project.createdAt = Instant.now();
        projects.persist(project);
        return view(project);
    }

    ProjectView view(Project project) {
        ProjectView.Model model = project.currentModelId == null
                ? null
                : models.findByIdOptional(project.currentModelId)
                        .map(m -> new ProjectView.Model(m.version, m.accuracy, m.trainingSize, m.createdAt))
                        .orElse(null);
        return new ProjectView(
                project.slug,
                project.name,
                project.classes(),
                model,
                datasets.forProject(project.id).stream().map(d -> DatasetView.of(d, List.of())).toList(),
                project.taskType,
                project.embedder);
    }
}
