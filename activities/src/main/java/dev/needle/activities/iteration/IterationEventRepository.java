package dev.needle.activities.iteration;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class IterationEventRepository implements PanacheRepository<IterationEvent> {

  public List<IterationEvent> forIteration(long iterationId) {
    return list("iterationId = ?1 order by id", iterationId);
  }
}
