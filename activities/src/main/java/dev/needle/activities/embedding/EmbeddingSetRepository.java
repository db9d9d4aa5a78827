package dev.needle.activities.embedding;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class EmbeddingSetRepository implements PanacheRepository<EmbeddingSet> {

    /** The embedder that produced an embeddings artifact. */
    public Optional<String> embedderOf(String artifact) {
        return find("artifact", artifact).firstResultOptional().map(set -> set.embedder);
    }

    public Optional<EmbeddingSet> cached(long datasetId, String snapshot, String embedder) {
        return find("datasetId = ?1 and snapshot = ?2 and embedder = ?3", datasetId, snapshot, embedder)
                .firstResultOptional();
    }
}
