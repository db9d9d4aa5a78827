package dev.needle.activities.imports;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class ImportSetRepository implements PanacheRepository<ImportSet> {

    public List<ImportSet> forProject(long projectId) {
        return list("projectId = ?1 order by id", projectId);
    }
}
