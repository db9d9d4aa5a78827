package dev.needle.activities.project;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.BadInputException;
import dev.needle.activities.RefusedException;
import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.embedding.EmbedderSpec;
import dev.needle.activities.embedding.Embedders;
import dev.needle.activities.training.ModelVersion;
import dev.needle.activities.training.ModelVersionRepository;
import dev.needle.workflows.messages.values.TrainerKind;

/** Projects: finding one by its slug, creating one, and choosing its trainer. */
@ApplicationScoped
public class Projects {

    /** A slug: the request records check it with the same expression (web's CreateProject). */
    public static final String SLUG_RULE = "[a-z0-9][a-z0-9-]{0,62}";
    /** Class names are kept one per line in {@code project.classes varchar(8000)}. */
    public static final int CLASSES_LENGTH = 8000;
    private static final Pattern SLUG = Pattern.compile(SLUG_RULE);

    @Inject
    ProjectRepository projects;
    @Inject
    DatasetRepository datasets;
    @Inject
    ModelVersionRepository models;
    @Inject
    Embedders embedders;

    /** A project with what its page shows beside it; {@code currentModel} is null before the first built-in model. */
    public record Overview(Project project, ModelVersion currentModel, List<Dataset> datasets) {
    }

    /** The project of this slug; a 404 naming {@code project} when there is none. */
    @Transactional
    public Project require(String slug) {
        return projects.findBySlug(slug).orElseThrow(() -> RefusedException.notFound("project", "no project " + slug));
    }

    @Transactional
    public String slugOf(long projectId) {
        return projects.findById(projectId).slug;
    }

    @Transactional
    public boolean isEmpty() {
        return projects.count() == 0;
    }

    @Transactional
    public List<Overview> overviews() {
        return projects.listAll().stream().map(this::overview).toList();
    }

    @Transactional
    public Overview overview(String slug) {
        return overview(require(slug));
    }

    private Overview overview(Project project) {
        ModelVersion model = project.currentModelId == null ? null
                : models.findByIdOptional(project.currentModelId).orElse(null);
        return new Overview(project, model, datasets.forProject(project.id));
    }

    /**
     * A new project. The slug is its key in every URL, so it is checked as one; class names become folder names and
     * lines of a file, so each is one line without a slash, and none twice.
     */
    @Transactional
    public Overview create(String slug, String name, List<String> classes, String taskType, EmbedderSpec embedder) {
        if (slug == null || !SLUG.matcher(slug).matches())
            throw new BadInputException("slug", "lowercase letters, digits and dashes, 1 to 63 characters");
        if (projects.findBySlug(slug).isPresent())
            throw RefusedException.wrongState("slug", "a project " + slug + " exists already");
        List<String> named = classes == null ? List.of() : classes;
        for (int i = 0; i < named.size(); i++) {
            String c = named.get(i);
            if (c == null || c.isBlank() || c.contains("\n") || c.contains("/"))
                throw new BadInputException("classes[" + i + "]", "a class name must be non-empty, one line, no '/'");
        }
        if (new LinkedHashSet<>(named).size() != named.size())
            throw new BadInputException("classes", "class names must be unique");
        if (String.join("\n", named).length() > CLASSES_LENGTH)
            throw new BadInputException("classes", "at most " + CLASSES_LENGTH
                    + " characters in all, counting one between names");
        Project project = new Project();
        project.slug = slug;
        project.name = name == null || name.isBlank() ? slug : name;
        project.setClasses(named);
        project.taskType = TaskType.parse("taskType", taskType == null ? "classification" : taskType).key();
        project.embedder = embedders.validate(embedder);
        project.createdAt = Instant.now();
        projects.persist(project);
        return overview(project);
    }

    /** Who retrains the project's next iterations; {@code url} is a WEBHOOK trainer's, null for the configured one. */
    @Transactional
    public Project setTrainer(String slug, TrainerKind kind, String url) {
        Project project = require(slug);
        project.trainer = kind.name();
        project.trainerUrl = url;
        return project;
    }
}
