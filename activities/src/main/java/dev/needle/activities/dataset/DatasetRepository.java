package dev.needle.activities.dataset;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class DatasetRepository implements PanacheRepository<Dataset> {

    public List<Dataset> forProject(long projectId) {
        return list("projectId = ?1 order by id", projectId);
    }

    /** Newest first: a file name two datasets share is the newest one's, as iterations use it. */
    public List<Dataset> forProjectNewestFirst(long projectId) {
        return list("projectId = ?1 order by id desc", projectId);
    }

    public Optional<Dataset> named(long projectId, String name) {
        return find("projectId = ?1 and name = ?2", projectId, name).firstResultOptional();
    }

    public Optional<Dataset> latestForProject(long projectId) {
        return find("projectId = ?1 order by id desc", projectId).firstResultOptional();
    }
}
