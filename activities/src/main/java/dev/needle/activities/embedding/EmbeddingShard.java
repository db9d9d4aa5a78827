package dev.needle.activities.embedding;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A finished shard of an embed step: its matrix artifact and counts, keyed by what determines its content. */
@Entity
@Table(name = "embedding_shard")
public class EmbeddingShard extends EmbeddingKey {

    @Column(name = "shard_size")
    public int shardSize;

    @Column(name = "shard_index")
    public int shardIndex;

    public String artifact;

    @Column(name = "embedded_count")
    public int embeddedCount;

    @Column(name = "skipped_count")
    public int skippedCount;
}
