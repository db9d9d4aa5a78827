package dev.needle.activities.budget;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class BudgetRepository implements PanacheRepository<Budget> {

    public Optional<Budget> forProject(long projectId) {
        return find("projectId", projectId).firstResultOptional();
    }

    /**
     * The project's budget row, locked until the transaction ends (SELECT ... FOR UPDATE): whoever holds it is the only
     * one moving the project's money, so two reservations can never both take the last of it.
     */
    public Optional<Budget> lockForProject(long projectId) {
        return find("projectId", projectId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }
}
