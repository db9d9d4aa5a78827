package dev.needle.activities.dataset;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class SkippedFileRepository implements PanacheRepository<SkippedFile> {

  public List<SkippedFile> inDataset(long datasetId) {
    return list("datasetId = ?1 order by path", datasetId);
  }
}
