package dev.needle.activities.budget;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class LabelCostRepository implements PanacheRepository<LabelCost> {

    public Optional<LabelCost> current(long projectId, String taskType) {
        return find("projectId = ?1 and taskType = ?2 order by id desc", projectId, taskType).firstResultOptional();
    }

    public List<LabelCost> history(long projectId) {
        return list("projectId = ?1 order by id", projectId);
    }
}
