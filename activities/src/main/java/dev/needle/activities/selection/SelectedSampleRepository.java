package dev.needle.activities.selection;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class SelectedSampleRepository implements PanacheRepository<SelectedSample> {

  public List<SelectedSample> forIteration(long iterationId) {
    return list("iterationId = ?1 order by rank", iterationId);
  }
}
