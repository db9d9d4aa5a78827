package dev.needle.activities.project;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class ProjectRepository implements PanacheRepository<Project> {

  public Optional<Project> findBySlug(String slug) {
    return find("slug", slug).firstResultOptional();
  }
}
