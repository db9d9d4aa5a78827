package dev.needle.activities.embedding;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** What an iteration's embed step works through; progress is read against it. */
@Entity
@Table(name = "embedding_run")
public class EmbeddingRun extends EmbeddingKey {

    @Column(name = "iteration_id")
    public long iterationId;

    @Column(name = "shard_size")
    public int shardSize;

    public int total;

    /** Images in shards already finished when the step (re)started; the rate counts only the rest. */
    @Column(name = "done_at_start")
    public int doneAtStart;

    @Column(name = "started_at")
    public Instant startedAt;
}
