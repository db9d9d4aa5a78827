package dev.needle.activities.trainer;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class TrainerRunRepository implements PanacheRepository<TrainerRun> {

    public Optional<TrainerRun> byRun(String run) {
        return find("run", run).firstResultOptional();
    }

    /** The run, locked until the transaction ends: two reports of the same run are handled one after the other. */
    public Optional<TrainerRun> byRunForUpdate(String run) {
        return find("run", run).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** An iteration's runs, one per attempt of its retrain step, oldest first. */
    public List<TrainerRun> forIteration(long iterationId) {
        return list("iterationId = ?1 order by id", iterationId);
    }

    /** Marks every waiting run of the iteration superseded: a new attempt is about to hand the set over again. */
    public void supersedePending(long iterationId) {
        update("status = ?1, reason = ?2 where iterationId = ?3 and status = ?4", TrainerRun.Status.SUPERSEDED,
                "replaced by a later attempt", iterationId, TrainerRun.Status.PENDING);
    }
}
