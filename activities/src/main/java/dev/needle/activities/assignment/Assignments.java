package dev.needle.activities.assignment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.BadInputException;
import dev.needle.activities.RefusedException;
import dev.needle.activities.iteration.Batches;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.labeling.Label;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.activities.selection.SelectedSample;
import dev.needle.activities.selection.SelectedSampleRepository;
import dev.needle.workflows.messages.values.BatchItem;

/** Who labels which image of a batch, and how far each annotator is. */
@ApplicationScoped
public class Assignments {

    @Inject
    AssignmentRepository assignments;
    @Inject
    SelectedSampleRepository selections;
    @Inject
    IterationRepository iterations;
    @Inject
    Batches batches;
    @Inject
    LabelRepository labels;

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

    /**
     * Gives images of a running round's batch to another annotator. Nothing changes unless every named image can move:
     * all in the batch, all still unlabeled.
     *
     * @param files the images by file name; {@code to} is an annotator the caller checked exists
     */
    @Transactional
    public void reassign(long iterationId, List<String> files, String to) {
        Iteration iteration = iterations.findById(iterationId);
        if (iteration.status.isFinished())
            throw RefusedException.wrongState("round",
                    "iteration " + iteration.round + " is " + iteration.status.name().toLowerCase());
        Map<String, Long> sampleOf = new HashMap<>();
        for (BatchItem item : batches.of(iterationId))
            sampleOf.put(item.fileName(), item.sampleId());
        Map<Long, String> labelOf = labelsOf(sampleOf.values());
        List<Long> moving = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Long sample = sampleOf.get(files.get(i));
            if (sample == null)
                throw new BadInputException("files[" + i + "]", "not in round " + iteration.round + "'s batch");
            if (labelOf.containsKey(sample))
                throw new BadInputException("files[" + i + "]", "already labeled; only open items move");
            moving.add(sample);
        }
        if (of(iterationId).isEmpty())
            throw RefusedException.wrongState("round", "round " + iteration.round + "'s batch is not assigned yet");
        if (!moving.isEmpty())
            assignments.update("annotator = ?1, assignedAt = ?2 where iterationId = ?3 and sampleId in ?4", to,
                    Instant.now(), iterationId, moving);
    }

    /** An annotator's share of the batch in pick order, with the labels given so far (class names) by sample. */
    public record Share(List<BatchItem> items, Map<Long, String> labels) {
    }

    @Transactional
    public Share assignedTo(long iterationId, String annotator) {
        Set<Long> mine = of(iterationId, annotator).stream().map(a -> a.sampleId).collect(Collectors.toSet());
        return new Share(batches.of(iterationId).stream().filter(b -> mine.contains(b.sampleId())).toList(),
                labelsOf(mine));
    }

    /**
     * What of a round's batch the reader sees. ML-ops and managers see all of it. An annotator sees their own share
     * once the batch is split, nothing while it is being split, and all of it in a round that is split among no one
     * (started before assignments existed, or with no annotator to give it to), where anyone may label any image.
     * Anyone else sees nothing: a caller without a role here learns nothing by default.
     */
    @Transactional
    public BatchShare shareOf(long iterationId, BatchReader reader) {
        if (reader.seesAll())
            return BatchShare.whole();
        if (reader.annotator() == null)
            return BatchShare.of(Set.of());
        List<Assignment> theirs = of(iterationId, reader.annotator());
        if (theirs.isEmpty() && of(iterationId).isEmpty() && assignments.planFor(iterationId) == null)
            return BatchShare.whole();
        return BatchShare.of(theirs.stream().map(a -> a.sampleId).collect(Collectors.toSet()));
    }

    /** Labels for images assigned to someone else are refused by name, before they reach the workflow. */
    @Transactional
    public void requireOwn(long iterationId, List<String> fileNames, String annotator) {
        List<Assignment> all = of(iterationId);
        if (all.isEmpty())
            return;
        Map<Long, String> ownerOf = all.stream().collect(Collectors.toMap(a -> a.sampleId, a -> a.annotator));
        Map<String, String> ownerByFile = new HashMap<>();
        for (BatchItem item : batches.of(iterationId))
            ownerByFile.put(item.fileName(), ownerOf.get(item.sampleId()));
        List<String> others = new ArrayList<>();
        for (String file : fileNames) {
            String owner = ownerByFile.get(file);
            if (owner != null && !owner.equals(annotator))
                others.add(file + " (" + owner + ")");
        }
        if (!others.isEmpty())
            throw new BadInputException("labels", "assigned to other annotators: " + String.join(", ", others));
    }

    private Map<Long, String> labelsOf(Collection<Long> sampleIds) {
        Map<Long, String> out = new HashMap<>();
        for (Label l : labels.forSamples(sampleIds))
            out.put(l.sampleId, l.className);
        return out;
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
