package dev.needle.activities.prediction;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import dev.needle.activities.IdentifiedEntity;

/** A finished shard of a predict step run with a trainer's ONNX network: a resumed round skips it. */
@Entity
@Table(name = "prediction_shard")
public class PredictionShard extends IdentifiedEntity {

    @Column(name = "iteration_id")
    public long iterationId;

    @Column(name = "model_id")
    public long modelId;

    @Column(name = "shard_size")
    public int shardSize;

    @Column(name = "shard_index")
    public int shardIndex;

    public String artifact;

    @Column(name = "predicted_count")
    public int predictedCount;

    @Column(name = "skipped_count")
    public int skippedCount;
}
