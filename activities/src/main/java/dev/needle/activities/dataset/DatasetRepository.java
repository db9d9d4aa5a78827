package dev.needle.activities.dataset;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

/**
 * Datasets as the rest of Needle sees them: READY ones only. A PENDING dataset (a registration under way, or one a
 * crash cut short) is {@link PendingDatasets}' alone, so no round, import or list can use half a dataset.
 */
@ApplicationScoped
public class DatasetRepository implements PanacheRepository<Dataset> {

    public List<Dataset> forProject(long projectId) {
        return list("projectId = ?1 and status = ?2 order by id", projectId, DatasetStatus.READY);
    }

    /** Newest first: a file name two datasets share is the newest one's, as iterations use it. */
    public List<Dataset> forProjectNewestFirst(long projectId) {
        return list("projectId = ?1 and status = ?2 order by id desc", projectId, DatasetStatus.READY);
    }

    public Optional<Dataset> named(long projectId, String name) {
        return find("projectId = ?1 and name = ?2 and status = ?3", projectId, name, DatasetStatus.READY)
                .firstResultOptional();
    }

    public Optional<Dataset> latestForProject(long projectId) {
        return find("projectId = ?1 and status = ?2 order by id desc", projectId, DatasetStatus.READY)
                .firstResultOptional();
    }

    /** The dataset of this id if its registration has finished. */
    public Optional<Dataset> ready(long id) {
        return findByIdOptional(id).filter(Dataset::ready);
    }
}
