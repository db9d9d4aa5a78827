package dev.needle.activities.prediction;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class PredictionRunRepository implements PanacheRepository<PredictionRun> {

    public Optional<PredictionRun> of(long iterationId) {
        return find("iterationId", iterationId).firstResultOptional();
    }

    /** Records the start of an iteration's predict step; a resumed step starts its clock again. */
    public void start(PredictionRun run) {
        delete("iterationId", run.iterationId);
        flush();
        persist(run);
    }
}
