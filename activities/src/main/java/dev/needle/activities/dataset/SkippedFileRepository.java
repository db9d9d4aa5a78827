package dev.needle.activities.dataset;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class SkippedFileRepository implements PanacheRepository<SkippedFile> {

    public List<SkippedFile> inDataset(long datasetId) {
        return list("datasetId = ?1 order by path", datasetId);
    }
}
