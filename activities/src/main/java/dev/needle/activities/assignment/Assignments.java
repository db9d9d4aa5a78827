package dev.needle.activities.assignment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.selection.SelectedSample;
import dev.needle.activities.selection.SelectedSampleRepository;

/** Who labels which image of a batch, and how far each annotator is. */
@ApplicationScoped
public class Assignments {

    @Inject
    AssignmentRepository assignments;
    @Inject
    SelectedSampleRepository selections;

    /** Records how the iteration's batch will be split; {@code annotators} maps each to its capacity (or 1). */
    @Transactional
    public void plan(long iterationId, AssignmentMode mode, Map<String, Integer> annotators) {
        if (!annotators.isEmpty())
            assignments.persistPlan(AssignmentPlan.of(iterationId, mode, annotators));
    }

    /** Splits the recorded batch as planned. Idempotent: once split, a batch is changed only by reassignment. */
    @Transactional
    public void assign(long iterationId) {
        if (assignments.count("iterationId", iterationId) > 0)
            return;
        AssignmentPlan plan = assignments.planFor(iterationId);
        if (plan == null)
            return; // started before assignment existed, or nobody to assign to: everyone sees the whole batch
        List<SelectedSample> batch = selections.forIteration(iterationId);
        LinkedHashMap<String, Integer> annotators = plan.annotators();
        List<String> split = plan.mode == AssignmentMode.CAPACITY
                ? BatchSplit.byCapacity(batch.size(), annotators)
                : BatchSplit.roundRobin(batch.size(), List.copyOf(annotators.keySet()));
        Instant now = Instant.now();
        for (int i = 0; i < batch.size(); i++) {
            Assignment assignment = new Assignment();
            assignment.iterationId = iterationId;
            assignment.sampleId = batch.get(i).sampleId;
            assignment.annotator = split.get(i);
            assignment.assignedAt = now;
            assignments.persist(assignment);
        }
    }

    /** Marks images' first labels; later labels of the same image change nothing here. */
    @Transactional
    public void labeled(long iterationId, Collection<Long> sampleIds, String by, Instant at) {
        if (sampleIds.isEmpty())
            return;
        assignments.update("labeledAt = ?1, labeledBy = ?2 where iterationId = ?3 and sampleId in ?4 and labeledAt is null",
                at, by, iterationId, sampleIds);
    }

    public List<Assignment> of(long iterationId) {
        return assignments.forIteration(iterationId);
    }

    public List<Assignment> of(long iterationId, String annotator) {
        return assignments.forAnnotator(iterationId, annotator);
    }

    /** Gives the images to another annotator; the caller checks they belong to the batch and have no label yet. */
    @Transactional
    public int reassign(long iterationId, Collection<Long> sampleIds, String to) {
        return sampleIds.isEmpty() ? 0
                : assignments.update("annotator = ?1, assignedAt = ?2 where iterationId = ?3 and sampleId in ?4", to,
                        Instant.now(), iterationId, sampleIds);
    }

    @Transactional
    public List<AnnotatorProgress> progress(long iterationId) {
        Map<String, List<Assignment>> byAnnotator = new LinkedHashMap<>();
        for (Assignment a : assignments.forIteration(iterationId))
            byAnnotator.computeIfAbsent(a.annotator, k -> new ArrayList<>()).add(a);
        return byAnnotator.entrySet().stream().map(e -> {
            List<Instant> times = e.getValue().stream().map(a -> a.labeledAt).filter(Objects::nonNull).sorted()
                    .toList();
            Instant first = times.isEmpty() ? null : times.get(0);
            Instant last = times.isEmpty() ? null : times.get(times.size() - 1);
            return new AnnotatorProgress(e.getKey(), e.getValue().size(), times.size(), first, last,
                    first == null ? Duration.ZERO : Duration.between(first, last));
        }).toList();
    }
}
