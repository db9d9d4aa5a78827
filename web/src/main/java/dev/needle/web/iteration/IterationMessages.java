package dev.needle.web.iteration;

import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;

import dev.needle.activities.assignment.Assignments;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.Iterations;
import dev.needle.activities.labeling.LabelSubmissions;
import dev.needle.activities.labeling.StoredLabels;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.problem.WorkflowProblems;
import dev.needle.web.security.Roles;
import dev.needle.web.temporal.Workflows;
import dev.needle.workflows.iteration.IterationWorkflow;
import dev.needle.workflows.messages.commands.CancelIteration;
import dev.needle.workflows.messages.commands.LabelingDone;
import dev.needle.workflows.messages.commands.SubmitLabels;
import dev.needle.workflows.messages.commands.WithdrawLabels;
import dev.needle.workflows.messages.queries.LabelsAccepted;
import dev.needle.workflows.messages.queries.LabelsWithdrawn;
import dev.needle.workflows.messages.values.LabelEntry;

/**
 * Messages to a running round's workflow: labels in and out, labeling done, cancel. The workflow decides; a refusal
 * comes back typed and reads as a problem by field ({@link WorkflowProblems}). The row is read (or, for done and
 * cancel, written) before, in a transaction of its own; the message goes to Temporal outside any.
 */
@ApplicationScoped
public class IterationMessages {

    @Inject
    Iterations iterations;
    @Inject
    Assignments assignments;
    @Inject
    LabelSubmissions submissions;
    @Inject
    Workflows workflows;
    @Inject
    SecurityIdentity identity;

    public LabelsAccepted submitLabels(String projectSlug, int round, List<LabelEntry> entries, String annotator) {
        return submitLabels(projectSlug, round, entries, annotator, null);
    }

    /** @param source see {@link SubmitLabels#source()} */
    public LabelsAccepted submitLabels(String projectSlug, int round, List<LabelEntry> entries, String annotator,
            String source) {
        if (entries == null || entries.isEmpty())
            throw ProblemException.badRequest("labels", "no labels given");
        for (int i = 0; i < entries.size(); i++) {
            LabelEntry e = entries.get(i);
            if (e == null || e.fileName() == null || e.fileName().isBlank()) {
                throw ProblemException.badRequest("labels[" + i + "].fileName", "is required");
            }
            if (e.boxes() == null && (e.label() == null || e.label().isBlank())) {
                throw ProblemException.badRequest("labels[" + i + "].label", "is required");
            }
        }
        Iteration iteration = running(projectSlug, round);
        // An annotator labels only their own share. ML-ops may correct any image, and a labeling tool's webhook
        // (a source) follows the tool's own assignment.
        if (source == null && !identity.hasRole(Roles.MLOPS))
            assignments.requireOwn(iteration.id, entries.stream().map(LabelEntry::fileName).toList(), annotator);
        // Checked and stored here, so a bad submission is refused before anything is stored and the workflow receives
        // a reference, whatever the number of labels.
        StoredLabels stored = submissions.store(iteration.id, entries);
        try {
            return workflows.iteration(iteration)
                    .submitLabels(SubmitLabels.stored(stored.artifact(), stored.count(), annotator, source));
        } catch (WorkflowUpdateException e) {
            throw WorkflowProblems.of(e);
        } catch (WorkflowNotFoundException e) {
            throw notRunning(iteration);
        }
    }

    /** Takes back the labels a tool sent under {@code source}, through the workflow so the round's count follows. */
    public LabelsWithdrawn withdrawLabels(Iteration iteration, String source, String by) {
        if (iteration.status.isFinished())
            throw notRunning(iteration);
        try {
            return workflows.iteration(iteration).withdrawLabels(new WithdrawLabels(source, by));
        } catch (WorkflowUpdateException e) {
            throw WorkflowProblems.of(e);
        } catch (WorkflowNotFoundException e) {
            throw notRunning(iteration);
        }
    }

    /**
     * Labeling of the round is done. Recorded on the row first (what a 202 acknowledges survives a crash: the resumed
     * round reads it), then signalled; a workflow Temporal does not have now gets it when it is resumed.
     */
    public void labelingDone(String projectSlug, int round, String by) {
        Iteration iteration = iterations.recordLabelingDone(projectSlug, round, by);
        signal(iteration, workflow -> workflow.labelingDone(new LabelingDone(iteration.labelingDoneBy)));
    }

    /** Cancels the round: recorded on the row first, then signalled, as {@link #labelingDone}. */
    public void cancel(String projectSlug, int round, String by, String reason) {
        Iteration iteration = iterations.recordCancel(projectSlug, round, by, reason);
        signal(iteration, workflow -> workflow.cancel(new CancelIteration(iteration.cancelBy, iteration.cancelReason)));
    }

    /**
     * Sends again what the row records as acknowledged to a workflow that outlived the process that answered (an
     * external Temporal): the answer may have gone out before the signal did. The workflow takes each message once.
     */
    public void redeliver(Iteration iteration) {
        if (iteration.cancelBy != null)
            signal(iteration, workflow -> workflow.cancel(new CancelIteration(iteration.cancelBy, iteration.cancelReason)));
        if (iteration.labelingDoneBy != null)
            signal(iteration, workflow -> workflow.labelingDone(new LabelingDone(iteration.labelingDoneBy)));
    }

    /** Signals what the row records; without a workflow now, the resumed one reads it from the row instead. */
    private void signal(Iteration iteration, Consumer<IterationWorkflow> send) {
        try {
            send.accept(workflows.iteration(iteration));
        } catch (WorkflowNotFoundException e) {
            Log.debugf("Iteration %d has no workflow now; it reads what is recorded when it resumes", iteration.round);
        }
    }

    private Iteration running(String projectSlug, int round) {
        Iteration iteration = iterations.find(projectSlug, round);
        if (iteration.status.isFinished())
            throw notRunning(iteration);
        return iteration;
    }

    private static ProblemException notRunning(Iteration iteration) {
        return ProblemException.conflict(
                "round",
                "iteration " + iteration.round + " is " + (iteration.status.isFinished()
                        ? iteration.status.name().toLowerCase()
                        : "being resumed; try again shortly"));
    }
}
