package dev.needle.web.assignment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.security.identity.SecurityIdentity;

import dev.needle.activities.assignment.Assignment;
import dev.needle.activities.assignment.AssignmentRepository;
import dev.needle.activities.assignment.Assignments;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationActivitiesImpl;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.labeling.Label;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.project.ProjectService;
import dev.needle.web.security.Roles;
import dev.needle.workflows.messages.values.BatchItem;
import dev.needle.workflows.messages.values.LabelEntry;

@ApplicationScoped
public class AssignmentService {

    @Inject
    ProjectService projects;
    @Inject
    IterationRepository iterations;
    @Inject
    IterationActivitiesImpl iterationRecords;
    @Inject
    LabelRepository labels;
    @Inject
    Assignments assignments;
    @Inject
    AssignmentPlans plans;
    @Inject
    AssignmentRepository repository;

    @Transactional
    public AssignmentViews.MyItems myItems(String projectSlug, int round, String annotator) {
        Iteration iteration = find(projectSlug, round);
        Map<Long, Assignment> mine = assignments.of(iteration.id, annotator).stream()
                .collect(Collectors.toMap(a -> a.sampleId, a -> a));
        Map<Long, String> labelOf = labelsOf(mine.keySet());
        List<AssignmentViews.Item> items = iterationRecords.batchOf(iteration.id).stream()
                .filter(b -> mine.containsKey(b.sampleId()))
                .map(b -> new AssignmentViews.Item(b.fileName(), b.rank(), Double.isNaN(b.score()) ? null : b.score(),
                        labelOf.get(b.sampleId())))
                .toList();
        return new AssignmentViews.MyItems(round, annotator, items.size(), labelOf.size(), items);
    }

    @Transactional
    public List<AssignmentViews.Progress> progress(String projectSlug, int round) {
        return assignments.progress(find(projectSlug, round).id).stream()
                .map(p -> new AssignmentViews.Progress(p.annotator(), p.assigned(), p.labeled(), p.firstLabelAt(),
                        p.lastLabelAt(), p.active().toSeconds()))
                .toList();
    }

    /** Nothing changes unless every named image can move: all in the batch, all still unlabeled. */
    @Transactional
    public List<AssignmentViews.Progress> reassign(String projectSlug, int round, AssignmentViews.Reassign request) {
        if (request == null)
            throw ProblemException.badRequest(null, "a JSON body is required");
        plans.requireKnown("to", request.to());
        if (request.files() == null || request.files().isEmpty())
            throw ProblemException.badRequest("files", "name at least one image of the batch");
        Iteration iteration = find(projectSlug, round);
        if (iteration.status.isFinished())
            throw ProblemException.conflict("round", "iteration " + round + " is " + iteration.status.name().toLowerCase());
        Map<String, Long> sampleOf = new HashMap<>();
        for (BatchItem item : iterationRecords.batchOf(iteration.id))
            sampleOf.put(item.fileName(), item.sampleId());
        Map<Long, String> labelOf = labelsOf(sampleOf.values());
        List<Long> moving = new ArrayList<>();
        for (int i = 0; i < request.files().size(); i++) {
            Long sample = sampleOf.get(request.files().get(i));
            if (sample == null)
                throw ProblemException.badRequest("files[" + i + "]", "not in round " + round + "'s batch");
            if (labelOf.containsKey(sample))
                throw ProblemException.badRequest("files[" + i + "]", "already labeled; only open items move");
            moving.add(sample);
        }
        if (assignments.of(iteration.id).isEmpty())
            throw ProblemException.conflict("round", "round " + round + "'s batch is not assigned yet");
        assignments.reassign(iteration.id, moving, request.to());
        return progress(projectSlug, round);
    }

    /**
     * What of a round's batch the caller sees. ML-ops and managers see all of it. An annotator sees their own share
     * once the batch is split, nothing while it is being split, and all of it in a round that is split among no one
     * (started before assignments existed, or with no annotator to give it to), where anyone may label any image.
     * Anyone else sees nothing: a caller without a role here learns nothing by default.
     */
    @Transactional
    public BatchShare shareOf(Iteration iteration, SecurityIdentity caller) {
        if (caller.hasRole(Roles.MLOPS) || caller.hasRole(Roles.MANAGER))
            return BatchShare.whole();
        if (!caller.hasRole(Roles.ANNOTATOR))
            return BatchShare.of(Set.of());
        List<Assignment> theirs = assignments.of(iteration.id, caller.getPrincipal().getName());
        if (theirs.isEmpty() && assignments.of(iteration.id).isEmpty() && repository.planFor(iteration.id) == null)
            return BatchShare.whole();
        return BatchShare.of(theirs.stream().map(a -> a.sampleId).collect(Collectors.toSet()));
    }

    /** Labels for images assigned to someone else are refused by name, before they reach the workflow. */
    @Transactional
    public void requireOwn(Iteration iteration, List<LabelEntry> entries, String annotator) {
        List<Assignment> all = assignments.of(iteration.id);
        if (all.isEmpty())
            return;
        Map<Long, String> ownerOf = all.stream().collect(Collectors.toMap(a -> a.sampleId, a -> a.annotator));
        Map<String, String> ownerByFile = new HashMap<>();
        for (BatchItem item : iterationRecords.batchOf(iteration.id))
            ownerByFile.put(item.fileName(), ownerOf.get(item.sampleId()));
        List<String> others = new ArrayList<>();
        for (LabelEntry entry : entries) {
            String owner = ownerByFile.get(entry.fileName());
            if (owner != null && !owner.equals(annotator))
                others.add(entry.fileName() + " (" + owner + ")");
        }
        if (!others.isEmpty())
            throw ProblemException.badRequest("labels", "assigned to other annotators: " + String.join(", ", others));
    }

    private Map<Long, String> labelsOf(java.util.Collection<Long> sampleIds) {
        Map<Long, String> out = new HashMap<>();
        for (Label l : labels.forSamples(sampleIds))
            out.put(l.sampleId, l.className);
        return out;
    }

    private Iteration find(String projectSlug, int round) {
        return iterations.inRound(projects.require(projectSlug).id, round)
                .orElseThrow(() -> ProblemException.notFound("round", "project " + projectSlug + " has no iteration " + round));
    }
}
