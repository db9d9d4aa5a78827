package dev.needle.activities.embedding;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** The embedding cache: one artifact per (dataset snapshot, embedder). */
@Entity
@Table(name = "embedding_set")
public class EmbeddingSet {

    @Id
    @SequenceGenerator(name = "embedding_set_seq", sequenceName = "embedding_set_seq", allocationSize = 50)
    @GeneratedValue(generator = "embedding_set_seq")
    public Long id;

    @Column(name = "dataset_id")
    public long datasetId;

    public String snapshot;

    public String embedder;

    public String artifact;

    public int dimension;

    @Column(name = "sample_count")
    public int sampleCount;

    @Column(name = "failed_count")
    public int failedCount;

    @Column(name = "created_at")
    public Instant createdAt;
}
