package dev.needle.activities.selection;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class SelectedSampleRepository implements PanacheRepository<SelectedSample> {

    public List<SelectedSample> forIteration(long iterationId) {
        return list("iterationId = ?1 order by rank", iterationId);
    }
}
