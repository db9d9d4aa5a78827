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

    public Optional<Dataset> latestForProject(long projectId) {
        return find("projectId = ?1 order by id desc", projectId).firstResultOptional();
    }
}
