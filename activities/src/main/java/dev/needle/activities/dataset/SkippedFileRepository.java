package dev.needle.activities.dataset;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class SkippedFileRepository implements PanacheRepository<SkippedFile> {

    /** The first {@code limit} of {@link #inDataset}. */
    public List<SkippedFile> firstInDataset(long datasetId, int limit) {
        return find("datasetId = ?1 order by path", datasetId).page(0, limit).list();
    }

    public List<SkippedFile> inDataset(long datasetId) {
        return list("datasetId = ?1 order by path", datasetId);
    }
}
