package dev.needle.activities.iteration;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

import dev.needle.workflows.messages.values.IterationStatus;

@ApplicationScoped
public class IterationRepository implements PanacheRepository<Iteration> {

    public List<Iteration> forProject(long projectId) {
        return list("projectId = ?1 order by round", projectId);
    }

    public Optional<Iteration> inRound(long projectId, int round) {
        return find("projectId = ?1 and round = ?2", projectId, round).firstResultOptional();
    }

    /** The project's running round, the earliest if there were ever more than one. */
    public Optional<Iteration> running(long projectId) {
        return find("projectId = ?1 and status = ?2 order by round", projectId, IterationStatus.RUNNING)
                .firstResultOptional();
    }

    public List<Iteration> unfinished() {
        return list("status = ?1 order by id", IterationStatus.RUNNING);
    }

    public int lastRound(long projectId) {
        Integer last = find("select max(round) from Iteration where projectId = ?1", projectId)
                .project(Integer.class)
                .firstResult();
        return last == null ? 0 : last;
    }
}
