package dev.needle.activities.prediction;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import dev.needle.activities.IdentifiedEntity;

/** What an iteration's predict step with a trainer's ONNX network works through; progress is read against it. */
@Entity
@Table(name = "prediction_run")
public class PredictionRun extends IdentifiedEntity {

    @Column(name = "iteration_id")
    public long iterationId;

    @Column(name = "model_id")
    public long modelId;

    @Column(name = "shard_size")
    public int shardSize;

    /** Unlabeled pool images, the ones that get a prediction. */
    public int total;

    /** Images in shards already finished when the step (re)started; the rate counts only the rest. */
    @Column(name = "done_at_start")
    public int doneAtStart;

    @Column(name = "started_at")
    public Instant startedAt;
}
