package dev.needle.activities.project;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;

import dev.needle.activities.IdentifiedEntity;

/** A labeling effort: one class list, its datasets, its iterations, and the model they improve. */
@Entity
public class Project extends IdentifiedEntity {

    /** URL-safe key, e.g. {@code demo}. */
    public String slug;

    public String name;

    @Column(name = "classes")
    String classList;

    @Column(name = "current_model_id")
    public Long currentModelId;

    /** The embedder's spec as JSON (see {@code EmbedderSpec}); null for the built-in descriptor. */
    public String embedder;

    @Column(name = "created_at")
    public Instant createdAt;

    /** {@code classification} or {@code object-detection} (see {@link TaskType}). */
    @Column(name = "task_type")
    public String taskType = TaskType.CLASSIFICATION.key();

    public TaskType taskType() {
        return TaskType.parse("taskType", taskType);
    }

    /** The trainer of this project's iterations (see TrainerKind); null means the built-in linear probe. */
    public String trainer;

    /** Where a WEBHOOK trainer receives manifests; null falls back to {@code needle.trainer.webhook-url}. */
    @Column(name = "trainer_url")
    public String trainerUrl;

    public List<String> classes() {
        return classList == null || classList.isEmpty() ? List.of() : Arrays.asList(classList.split("\n"));
    }

    public void setClasses(List<String> classes) {
        this.classList = String.join("\n", classes);
    }
}
