package dev.needle.activities.embedding;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class EmbeddingSetRepository implements PanacheRepository<EmbeddingSet> {

  public Optional<EmbeddingSet> cached(long datasetId, String snapshot, String embedder) {
    return find("datasetId = ?1 and snapshot = ?2 and embedder = ?3", datasetId, snapshot, embedder)
        .firstResultOptional();
  }
}
