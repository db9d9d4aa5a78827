package dev.needle.activities.embedding;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The embedding cache: one artifact per (dataset snapshot, embedder). */
@Entity
@Table(name = "embedding_set")
public class EmbeddingSet extends EmbeddingKey {

    public String artifact;

    public int dimension;

    @Column(name = "sample_count")
    public int sampleCount;

    @Column(name = "failed_count")
    public int failedCount;

    @Column(name = "created_at")
    public Instant createdAt;
}
