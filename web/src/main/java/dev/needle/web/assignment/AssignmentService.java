package dev.needle.web.assignment;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.identity.SecurityIdentity;

import dev.needle.activities.assignment.Assignments;
import dev.needle.activities.assignment.BatchReader;
import dev.needle.activities.iteration.Iterations;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.security.Roles;

/** Assignments as the API shows them; who may see which share is the domain's rule ({@link Assignments#shareOf}). */
@ApplicationScoped
public class AssignmentService {

    @Inject
    Iterations iterations;
    @Inject
    Assignments assignments;
    @Inject
    AssignmentPlans plans;

    public AssignmentViews.MyItems myItems(String projectSlug, int round, String annotator) {
        Assignments.Share mine = assignments.assignedTo(iterations.find(projectSlug, round).id, annotator);
        List<AssignmentViews.Item> items = mine.items().stream()
                .map(b -> new AssignmentViews.Item(b.fileName(), b.rank(), Double.isNaN(b.score()) ? null : b.score(),
                        mine.labels().get(b.sampleId())))
                .toList();
        return new AssignmentViews.MyItems(round, annotator, items.size(), mine.labels().size(), items);
    }

    public List<AssignmentViews.Progress> progress(String projectSlug, int round) {
        return assignments.progress(iterations.find(projectSlug, round).id).stream()
                .map(p -> new AssignmentViews.Progress(p.annotator(), p.assigned(), p.labeled(), p.firstLabelAt(),
                        p.lastLabelAt(), p.active().toSeconds()))
                .toList();
    }

    /** Nothing changes unless every named image can move: all in the batch, all still unlabeled. */
    public List<AssignmentViews.Progress> reassign(String projectSlug, int round, AssignmentViews.Reassign request) {
        if (request == null)
            throw ProblemException.badRequest(null, "a JSON body is required");
        plans.requireKnown("to", request.to());
        if (request.files() == null || request.files().isEmpty())
            throw ProblemException.badRequest("files", "name at least one image of the batch");
        assignments.reassign(iterations.find(projectSlug, round).id, request.files(), request.to());
        return progress(projectSlug, round);
    }

    /** Who the caller is to the share rule: ML-ops and managers see everything, an annotator their share. */
    public BatchReader readerOf(SecurityIdentity caller) {
        if (caller.hasRole(Roles.MLOPS) || caller.hasRole(Roles.MANAGER))
            return BatchReader.everything();
        if (!caller.hasRole(Roles.ANNOTATOR))
            return BatchReader.nothing();
        return BatchReader.annotator(caller.getPrincipal().getName());
    }
}
