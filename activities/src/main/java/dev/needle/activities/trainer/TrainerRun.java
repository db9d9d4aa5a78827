package dev.needle.activities.trainer;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import dev.needle.activities.IdentifiedEntity;

/**
 * One hand-over of a labeled set to an external trainer: what it was given (the manifest), how it proves who it is
 * (a token, kept as a hash), and what it reported.
 */
@Entity
@Table(name = "trainer_run")
public class TrainerRun extends IdentifiedEntity {

    public enum Status {
        /** Handed over; waiting for the trainer's report. */
        PENDING,
        /** The trainer reported a model; the report is recorded and final. */
        SUCCEEDED,
        /** This attempt failed (the trainer refused the manifest, the Job failed, the wait timed out). */
        FAILED,
        /** A later attempt of the same retrain step replaced this run; its reports are refused. */
        SUPERSEDED
    }

    /** Public id, used in URLs. */
    public String run;

    @Column(name = "iteration_id")
    public long iterationId;

    @Column(name = "project_id")
    public long projectId;

    public String trainer;

    @Column(name = "token_hash")
    public String tokenHash;

    /** Base64 task token of the webhook activity waiting for this run; null for watched Kubernetes runs. */
    @Column(name = "task_token")
    public String taskToken;

    /** Artifact id of the manifest. */
    public String manifest;

    @Column(name = "training_size")
    public int trainingSize;

    @Column(name = "eval_size")
    public int evalSize;

    @Column(name = "job_name")
    public String jobName;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "model_version")
    public String modelVersion;

    public Double metric;

    @Column(name = "artifact_uri")
    public String artifactUri;

    public String reason;

    /** The ONNX network uploaded to this run (an artifact id), until the report hands it back. */
    @Column(name = "uploaded_model")
    public String uploadedModel;

    /** The import of the pool's predictions uploaded to this run, until the report hands them back. */
    @Column(name = "uploaded_predictions")
    public Long uploadedPredictions;

    /** The import of the pool's embeddings uploaded to this run with its predictions, if any. */
    @Column(name = "uploaded_embeddings")
    public Long uploadedEmbeddings;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;
}
