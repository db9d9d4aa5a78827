package dev.needle.activities.training;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import dev.needle.activities.IdentifiedEntity;

/**
 * A trained model: its weights (an artifact), the embedder it reads, and its accuracy on the eval split. Its kind says
 * how PREDICT uses it: the built-in probe's weights, a trainer's ONNX network, a trainer's own predictions of the pool.
 */
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

    /** Who trained it (see TrainerKind). */
    public String trainer = "BUILTIN";

    /** How PREDICT uses it: see {@link ModelKind}. */
    @Enumerated(EnumType.STRING)
    public ModelKind kind = ModelKind.BUILTIN;

    /** ONNX only: the model card, as JSON (see ModelCard). */
    public String card;

    /** The trainer run that handed it back; null for built-in models. */
    @Column(name = "trainer_run")
    public String trainerRun;

    /** Predictions only: the pool's embeddings the trainer delivered with them (an artifact id), if any. */
    @Column(name = "embeddings_artifact")
    public String embeddingsArtifact;
}
