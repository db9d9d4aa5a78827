package dev.needle.activities.iteration;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class IterationEventRepository implements PanacheRepository<IterationEvent> {

    public List<IterationEvent> forIteration(long iterationId) {
        return list("iterationId = ?1 order by id", iterationId);
    }
}
