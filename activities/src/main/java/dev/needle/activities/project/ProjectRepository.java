package dev.needle.activities.project;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class ProjectRepository implements PanacheRepository<Project> {

    public Optional<Project> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }
}
