package dev.needle.activities.budget;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class LedgerEntryRepository implements PanacheRepository<LedgerEntry> {

    public List<LedgerEntry> forProject(long projectId) {
        return list("projectId = ?1 order by id", projectId);
    }

    public List<LedgerEntry> forIteration(long iterationId) {
        return list("iterationId = ?1 order by id", iterationId);
    }

    public Optional<LedgerEntry> byKey(String dedupeKey) {
        return find("dedupeKey", dedupeKey).firstResultOptional();
    }

    public BigDecimal sum(long projectId, LedgerEntry.Kind kind) {
        BigDecimal sum = find("select sum(e.amount) from LedgerEntry e where e.projectId = ?1 and e.kind = ?2",
                projectId, kind).project(BigDecimal.class).firstResult();
        return sum == null ? BigDecimal.ZERO : sum;
    }

    public BigDecimal sumForIteration(long iterationId, LedgerEntry.Kind kind) {
        BigDecimal sum = find("select sum(e.amount) from LedgerEntry e where e.iterationId = ?1 and e.kind = ?2",
                iterationId, kind).project(BigDecimal.class).firstResult();
        return sum == null ? BigDecimal.ZERO : sum;
    }
}
