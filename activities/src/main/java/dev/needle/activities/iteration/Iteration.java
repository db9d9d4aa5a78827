package dev.needle.activities.iteration;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import dev.needle.activities.IdentifiedEntity;
import dev.needle.workflows.iteration.Outputs;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.Step;

/**
 * One active-learning round. The row is the durable record of its progress: every step's output is a column, so a
 * restarted Needle can resume the round from the last recorded step.
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

    @Enumerated(EnumType.STRING)
    public IterationStatus status;

    @Enumerated(EnumType.STRING)
    public Step step;

    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "workflow_id")
    public String workflowId;

    @Column(name = "embeddings_artifact")
    public String embeddingsArtifact;

    @Column(name = "predictions_artifact")
    public String predictionsArtifact;

    @Column(name = "model_used")
    public String modelUsed;

    @Column(name = "scores_artifact")
    public String scoresArtifact;

    @Column(name = "strategy_used")
    public String strategyUsed;

    @Column(name = "cold_start")
    public Boolean coldStart;

    @Column(name = "labeling_deadline_at")
    public Instant labelingDeadlineAt;

    @Column(name = "deadline_expired")
    public boolean deadlineExpired;

    @Column(name = "labeling_started_at")
    public Instant labelingStartedAt;

    @Column(name = "deadline_extended")
    public boolean deadlineExtended;

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

    @Column(name = "model_produced")
    public String modelProduced;

    public Double accuracy;

    @Column(name = "training_size")
    public Integer trainingSize;

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

    /** The recorded step outputs, keyed as the workflow keys them. */
    public Map<String, String> outputs() {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, Outputs.EMBEDDINGS, embeddingsArtifact);
        put(out, Outputs.PREDICTIONS, predictionsArtifact);
        put(out, Outputs.MODEL_USED, modelUsed);
        put(out, Outputs.SCORES, scoresArtifact);
        put(out, Outputs.STRATEGY_USED, strategyUsed);
        put(out, Outputs.COLD_START, coldStart);
        put(out, Outputs.LABELING_DEADLINE, labelingDeadlineAt == null ? null : labelingDeadlineAt.toEpochMilli());
        if (deadlineExpired)
            out.put(Outputs.DEADLINE_EXPIRED, "true");
        put(out, Outputs.LABELING_STARTED, labelingStartedAt == null ? null : labelingStartedAt.toEpochMilli());
        if (deadlineExtended)
            out.put(Outputs.DEADLINE_EXTENDED, "true");
        put(out, Outputs.MODEL_PRODUCED, modelProduced);
        put(out, Outputs.ACCURACY, accuracy);
        put(out, Outputs.TRAINING_SIZE, trainingSize);
        return out;
    }

    /** Records outputs; a key that is absent leaves its column as it was, so a replayed record never erases one. */
    public void record(Map<String, String> outputs) {
        take(outputs, Outputs.EMBEDDINGS, v -> embeddingsArtifact = v);
        take(outputs, Outputs.PREDICTIONS, v -> predictionsArtifact = v);
        take(outputs, Outputs.MODEL_USED, v -> modelUsed = v);
        take(outputs, Outputs.SCORES, v -> scoresArtifact = v);
        take(outputs, Outputs.STRATEGY_USED, v -> strategyUsed = v);
        take(outputs, Outputs.COLD_START, v -> coldStart = Boolean.valueOf(v));
        take(outputs, Outputs.LABELING_DEADLINE, v -> labelingDeadlineAt = Instant.ofEpochMilli(Long.parseLong(v)));
        take(outputs, Outputs.DEADLINE_EXPIRED, v -> deadlineExpired = Boolean.parseBoolean(v));
        take(outputs, Outputs.LABELING_STARTED, v -> labelingStartedAt = Instant.ofEpochMilli(Long.parseLong(v)));
        take(outputs, Outputs.DEADLINE_EXTENDED, v -> deadlineExtended = Boolean.parseBoolean(v));
        take(outputs, Outputs.MODEL_PRODUCED, v -> modelProduced = v);
        take(outputs, Outputs.ACCURACY, v -> accuracy = Double.valueOf(v));
        take(outputs, Outputs.TRAINING_SIZE, v -> trainingSize = Integer.valueOf(v));
    }

    private static void put(Map<String, String> out, String key, Object value) {
        if (value != null)
            out.put(key, value.toString());
    }

    private static void take(Map<String, String> outputs, String key, Consumer<String> setter) {
        String value = outputs.get(key);
        if (value != null)
            setter.accept(value);
    }
}
