package dev.needle.activities.iteration;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import dev.needle.activities.IdentifiedEntity;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.Step;
import dev.needle.workflows.messages.values.StepOutputs;

/**
 * One active-learning round. The row is the durable record of its progress: the step it is in and every step's
 * output, so a restarted Needle can resume the round from the last recorded step.
 */
@Entity
public class Iteration extends IdentifiedEntity {

    @Column(name = "project_id")
    public long projectId;

    @Column(name = "dataset_id")
    public long datasetId;

    public int round;

    public String strategy;

    @Column(name = "batch_size")
    public int batchSize;

    public long seed;

    public String scorer;

    @Column(name = "labeling_deadline_seconds")
    public long labelingDeadlineSeconds;

    /** Read freely; written only through {@link #moveTo}, which keeps {@link #running} in step. */
    @Enumerated(EnumType.STRING)
    public IterationStatus status;

    /**
     * TRUE while RUNNING, null otherwise: the unique (project_id, running) key lets a project have one running round,
     * whoever started it, and null never collides (see V8).
     */
    Boolean running;

    @Enumerated(EnumType.STRING)
    public Step step;

    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "workflow_id")
    public String workflowId;

    /** What the round's steps have produced so far (artifacts, models, the labeling window), as JSON. */
    @Convert(converter = StepOutputsColumn.class)
    public StepOutputs outputs = StepOutputs.NONE;

    /** Expiry policy of the labeling round (see DeadlinePolicy); null on rows from before deadline rules. */
    @Column(name = "deadline_policy")
    public String deadlinePolicy;

    @Column(name = "deadline_extension_seconds")
    public Long deadlineExtensionSeconds;

    /** Comma-separated reminder fractions, e.g. {@code 0.5,0.9}; empty for none. */
    @Column(name = "reminder_fractions")
    public String reminderFractions;

    /** Who retrains (see TrainerKind); null means the built-in trainer. */
    public String trainer;

    @Column(name = "trainer_timeout_seconds")
    public Long trainerTimeoutSeconds;

    @Column(name = "trainer_attempts")
    public Integer trainerAttempts;

    /** The import used instead of running the embed step, if any. */
    @Column(name = "embeddings_import_id")
    public Long embeddingsImportId;

    /** The import used instead of running the predict step, if any. */
    @Column(name = "predictions_import_id")
    public Long predictionsImportId;

    /** JSON: everything needed to reproduce the batch (see SelectionActivitiesImpl). */
    public String lineage;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** Who said labeling is done, recorded before the API answered; a resumed round proceeds past LABELING on it. */
    @Column(name = "labeling_done_by")
    public String labelingDoneBy;

    @Column(name = "labeling_done_at")
    public Instant labelingDoneAt;

    /** Who cancelled the round, recorded before the API answered; a resumed round ends CANCELLED on it. */
    @Column(name = "cancel_by")
    public String cancelBy;

    @Column(name = "cancel_at")
    public Instant cancelAt;

    @Column(name = "cancel_reason")
    public String cancelReason;

    /** Changes the status; the running marker follows, so the database sees the round's place taken or free. */
    public void moveTo(IterationStatus next) {
        status = next;
        running = next == IterationStatus.RUNNING ? Boolean.TRUE : null;
    }

    /** Records outputs; what is recorded already stays where {@code recorded} has nothing (a replayed record). */
    public void record(StepOutputs recorded) {
        outputs = outputs.updatedBy(recorded);
    }
}
