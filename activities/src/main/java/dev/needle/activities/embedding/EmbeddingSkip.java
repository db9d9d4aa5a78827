package dev.needle.activities.embedding;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A registered image the embedder could not use, and why. */
@Entity
@Table(name = "embedding_skip")
public class EmbeddingSkip extends EmbeddingKey {

    @Column(name = "sample_id")
    public long sampleId;

    public String path;

    public String reason;
}
