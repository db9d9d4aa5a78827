package dev.needle.activities.embedding;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import dev.needle.activities.IdentifiedEntity;

/** What embeddings are valid for: one dataset snapshot, one embedder. Every embedding record carries it. */
@MappedSuperclass
public abstract class EmbeddingKey extends IdentifiedEntity {

    @Column(name = "dataset_id")
    public long datasetId;

    public String snapshot;

    public String embedder;
}
