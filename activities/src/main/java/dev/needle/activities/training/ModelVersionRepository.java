package dev.needle.activities.training;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class ModelVersionRepository implements PanacheRepository<ModelVersion> {

  public Optional<ModelVersion> byVersion(String version) {
    return find("version", version).firstResultOptional();
  }
}
