package dev.needle.web.iteration;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.identity.SecurityIdentity;

import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRecord;
import dev.needle.activities.iteration.Iterations;
import dev.needle.activities.iteration.RoundRules;
import dev.needle.activities.labeling.Label;
import dev.needle.activities.labeling.LabelBoxes;
import dev.needle.web.assignment.AssignmentService;
import dev.needle.web.temporal.Workflows;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.Progress;
import dev.needle.workflows.messages.values.Step;
import dev.needle.workflows.messages.values.TrainerKind;

/**
 * Iterations as the API and the pages read them. The database is the record, read in one domain call; only the live
 * progress of a long step comes from Temporal (its activities' heartbeats), asked afterwards, outside any transaction.
 */
@ApplicationScoped
public class IterationReads {

    @Inject
    Iterations iterations;
    @Inject
    AssignmentService assignments;
    @Inject
    Workflows workflows;
    @Inject
    SecurityIdentity identity;

    public List<IterationSummary> list(String projectSlug) {
        return iterations.inProject(projectSlug).stream().map(IterationSummary::of).toList();
    }

    /**
     * The iteration as the caller may see it: an annotator's batch holds only the images assigned to them, and its
     * label count and labeling progress count only those (see {@link dev.needle.activities.assignment.Assignments#shareOf});
     * everything else about the round is the same for everyone.
     */
    public IterationView view(String projectSlug, int round) {
        IterationRecord record = iterations.record(projectSlug, round, assignments.readerOf(identity));
        Iteration i = record.iteration();
        Map<Long, String> labelBySample = new HashMap<>();
        for (Label l : record.labels())
            labelBySample.put(l.sampleId, l.className != null ? l.className : LabelBoxes.fromJson(l.boxes).size() + " boxes");
        List<IterationView.Item> batch = record.batch().stream()
                .map(p -> new IterationView.Item(p.fileName(), p.rank(), Double.isNaN(p.score()) ? null : p.score(),
                        labelBySample.get(p.sampleId())))
                .toList();
        return new IterationView(
                i.round, projectSlug, record.dataset(), i.status, i.step, i.statusReason,
                i.strategy, i.outputs.strategyUsed(), i.outputs.coldStart(), i.batchSize, i.seed, i.scorer,
                i.outputs.labelingDeadline() == null ? null : Instant.ofEpochMilli(i.outputs.labelingDeadline()),
                i.outputs.deadlineExpired(), labelBySample.size(),
                progress(record, labelBySample.size(), record.wholeBatch() ? i.batchSize : record.batch().size()), batch,
                i.outputs.modelUsed(), i.outputs.modelProduced(),
                i.outputs.accuracy(), i.outputs.trainingSize(),
                i.lineage,
                record.events().stream()
                        .map(e -> new IterationView.Event(e.occurredAt, e.kind.name(), e.step, e.detail)).toList(),
                i.createdAt, i.finishedAt,
                i.deadlinePolicy, i.outputs.deadlineExtended(), RoundRules.deadlineRules(i).reminders(),
                i.trainer == null ? TrainerKind.BUILTIN.name() : i.trainer,
                record.skipped());
    }

    private ProgressView progress(IterationRecord record, int labeled, int ofBatch) {
        Iteration iteration = record.iteration();
        if (iteration.status != IterationStatus.RUNNING || iteration.step == null)
            return null;
        if (iteration.step == Step.LABELING)
            return ProgressView.of(new Progress(labeled, ofBatch));
        return ShardedProgress.of(record.shardedRun(), workflows.heartbeats(iteration.workflowId));
    }
}
