package dev.needle.activities.iteration;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.BadInputException;
import dev.needle.activities.budget.BudgetLedger;
import dev.needle.activities.labeling.Label;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.workflows.iteration.IterationActivities;
import dev.needle.workflows.messages.commands.CancelIteration;
import dev.needle.workflows.messages.commands.FinishIteration;
import dev.needle.workflows.messages.commands.LabelingDone;
import dev.needle.workflows.messages.commands.RecordStep;
import dev.needle.workflows.messages.queries.IterationProgress;
import dev.needle.workflows.messages.values.BatchItem;

@ApplicationScoped
public class IterationActivitiesImpl implements IterationActivities {

    @Inject
    IterationRepository iterations;
    @Inject
    IterationEventRepository events;
    @Inject
    ProjectRepository projects;
    @Inject
    Batches batches;
    @Inject
    LabelRepository labels;
    @Inject
    BudgetLedger ledger;

    @Override
    @Transactional
    public IterationProgress load(long iterationId) {
        Iteration iteration = find(iterationId);
        List<BatchItem> batch = batches.of(iterationId);
        Set<Long> batchIds = batch.stream().map(BatchItem::sampleId).collect(Collectors.toSet());
        Set<Long> labeledIds = new HashSet<>();
        for (Label label : labels.forSamples(batchIds))
            labeledIds.add(label.sampleId);
        Set<String> labeledInBatch = batch.stream().filter(b -> labeledIds.contains(b.sampleId())).map(BatchItem::fileName)
                .collect(Collectors.toSet());
        return new IterationProgress(
                iteration.step,
                iteration.outputs,
                batch,
                labeledInBatch,
                projects.findById(iteration.projectId).classes(),
                iteration.labelingDoneBy == null ? null : new LabelingDone(iteration.labelingDoneBy),
                iteration.cancelBy == null ? null : new CancelIteration(iteration.cancelBy, iteration.cancelReason));
    }

    @Override
    @Transactional
    public void recordStep(RecordStep command) {
        Iteration iteration = find(command.iterationId());
        // The deadline's own events (reminders, extension, expiry) are recorded by DeadlineActivitiesImpl.
        iteration.record(command.outputs());
        // A resumed iteration re-enters the step it was in; record the resume rather than a second start.
        IterationEvent.Kind kind = command.step() == iteration.step ? IterationEvent.Kind.RESUMED : IterationEvent.Kind.STEP;
        iteration.step = command.step();
        iteration.updatedAt = Instant.now();
        events.persist(IterationEvent.of(iteration.id, kind, command.step(), null));
    }

    @Override
    @Transactional
    public void finish(FinishIteration command) {
        Iteration iteration = find(command.iterationId());
        if (iteration.status.isFinished())
            return; // a retried finish changes nothing
        iteration.moveTo(command.status());
        iteration.statusReason = command.reason();
        iteration.finishedAt = Instant.now();
        iteration.updatedAt = iteration.finishedAt;
        events.persist(IterationEvent.of(iteration.id, IterationEvent.Kind.FINISHED, iteration.step,
                command.status() + (command.reason() == null ? "" : ": " + command.reason())));
        // In the same transaction as the end of the round, so a finished round never keeps money reserved.
        ledger.release(iteration.id, "round " + command.status().name().toLowerCase());
    }

    private Iteration find(long iterationId) {
        return iterations.findByIdOptional(iterationId)
                .orElseThrow(() -> new BadInputException("iteration", "no iteration " + iterationId));
    }
}
