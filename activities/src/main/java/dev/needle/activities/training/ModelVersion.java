package dev.needle.activities.training;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import dev.needle.activities.IdentifiedEntity;

/** A trained model: its weights (an artifact), the embedder it reads, and its accuracy on the eval split. */
@Entity
@Table(name = "model_version")
public class ModelVersion extends IdentifiedEntity {

    @Column(name = "project_id")
    public long projectId;

    /** Human-readable and unique, e.g. {@code demo-r2}. */
    public String version;

    public String artifact;

    public String embedder;

    /** Null when the dataset has no eval images. */
    public Double accuracy;

    @Column(name = "training_size")
    public int trainingSize;

    @Column(name = "eval_size")
    public int evalSize;

    @Column(name = "iteration_id")
    public Long iterationId;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Who trained it (see TrainerKind). Only built-in models can be read by the built-in prediction step. */
    public String trainer = "BUILTIN";
}
