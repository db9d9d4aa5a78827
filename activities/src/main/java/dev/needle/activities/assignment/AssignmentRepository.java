package dev.needle.activities.assignment;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class AssignmentRepository implements PanacheRepository<Assignment> {

    public List<Assignment> forIteration(long iterationId) {
        return list("iterationId = ?1 order by id", iterationId);
    }

    public void persistPlan(AssignmentPlan plan) {
        getEntityManager().persist(plan);
    }

    public AssignmentPlan planFor(long iterationId) {
        return getEntityManager()
                .createQuery("from AssignmentPlan where iterationId = ?1", AssignmentPlan.class)
                .setParameter(1, iterationId)
                .getResultStream().findFirst().orElse(null);
    }

    public boolean isAssigned(long sampleId, String annotator) {
        return count("sampleId = ?1 and annotator = ?2", sampleId, annotator) > 0;
    }

    public List<Assignment> forAnnotator(long iterationId, String annotator) {
        return list("iterationId = ?1 and annotator = ?2 order by id", iterationId, annotator);
    }
}
