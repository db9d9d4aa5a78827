package dev.needle.workflows.iteration;

import static dev.needle.workflows.ActivityPolicies.attempts;
import static dev.needle.workflows.ActivityPolicies.bookkeeping;
import static dev.needle.workflows.ActivityPolicies.compute;
import static dev.needle.workflows.ActivityPolicies.heartbeating;
import static dev.needle.workflows.messages.values.Step.DONE;
import static dev.needle.workflows.messages.values.Step.EMBED;
import static dev.needle.workflows.messages.values.Step.LABELING;
import static dev.needle.workflows.messages.values.Step.PREDICT;
import static dev.needle.workflows.messages.values.Step.QUERY;
import static dev.needle.workflows.messages.values.Step.RETRAIN;
import static dev.needle.workflows.messages.values.Step.SCORE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;

import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.temporal.workflow.WorkflowLock;

import dev.needle.workflows.Errors;
import dev.needle.workflows.assignment.AssignmentActivities;
import dev.needle.workflows.budget.BudgetActivities;
import dev.needle.workflows.deadline.DeadlineActivities;
import dev.needle.workflows.embedding.EmbeddingActivities;
import dev.needle.workflows.labeling.LabelingActivities;
import dev.needle.workflows.messages.commands.CancelIteration;
import dev.needle.workflows.messages.commands.DeadlineNotice;
import dev.needle.workflows.messages.commands.EmbedShard;
import dev.needle.workflows.messages.commands.ExternalRetrain;
import dev.needle.workflows.messages.commands.FinishIteration;
import dev.needle.workflows.messages.commands.IterationRequest;
import dev.needle.workflows.messages.commands.LabelingDone;
import dev.needle.workflows.messages.commands.MergePredictions;
import dev.needle.workflows.messages.commands.MergeShards;
import dev.needle.workflows.messages.commands.PlanEmbedding;
import dev.needle.workflows.messages.commands.PlanPrediction;
import dev.needle.workflows.messages.commands.PredictShard;
import dev.needle.workflows.messages.commands.QueryBatch;
import dev.needle.workflows.messages.commands.RecordLabels;
import dev.needle.workflows.messages.commands.RecordStep;
import dev.needle.workflows.messages.commands.RecordStoredLabels;
import dev.needle.workflows.messages.commands.RemoveLabels;
import dev.needle.workflows.messages.commands.ReserveBudget;
import dev.needle.workflows.messages.commands.Retrain;
import dev.needle.workflows.messages.commands.ScorePredictions;
import dev.needle.workflows.messages.commands.SubmitLabels;
import dev.needle.workflows.messages.commands.WithdrawLabels;
import dev.needle.workflows.messages.queries.IterationProgress;
import dev.needle.workflows.messages.queries.IterationResult;
import dev.needle.workflows.messages.queries.IterationState;
import dev.needle.workflows.messages.queries.LabelsAccepted;
import dev.needle.workflows.messages.queries.LabelsWithdrawn;
import dev.needle.workflows.messages.values.BatchItem;
import dev.needle.workflows.messages.values.DeadlinePolicy;
import dev.needle.workflows.messages.values.DeadlineRules;
import dev.needle.workflows.messages.values.EmbeddingPlan;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.LabelEntry;
import dev.needle.workflows.messages.values.LabeledBox;
import dev.needle.workflows.messages.values.PredictionPlan;
import dev.needle.workflows.messages.values.Predictions;
import dev.needle.workflows.messages.values.Reservation;
import dev.needle.workflows.messages.values.RetrainTrigger;
import dev.needle.workflows.messages.values.Step;
import dev.needle.workflows.messages.values.StepOutputs;
import dev.needle.workflows.messages.values.TrainerKind;
import dev.needle.workflows.prediction.PredictionActivities;
import dev.needle.workflows.scoring.ScoringActivities;
import dev.needle.workflows.selection.SelectionActivities;
import dev.needle.workflows.training.ExternalTrainingActivities;
import dev.needle.workflows.training.TrainingActivities;

/**
 * One round: embed the pool, predict it, score it, query a batch, wait for its labels, retrain. Orchestration only:
 * every read or write of images, rows and artifacts happens in an activity. The run starts by loading what the
 * database already holds for this iteration and skips every step whose output is recorded, so the same code serves a
 * fresh iteration and one resumed after Needle restarted (the embedded Temporal server forgets its workflows on
 * restart).
 */
public class IterationWorkflowImpl implements IterationWorkflow {

    private static final Logger log = Workflow.getLogger(IterationWorkflowImpl.class);
    /** Version 1: a resumed round honours the done and cancel recorded on its row (histories before have no marker). */
    private static final String RECORDED_MESSAGES = "recorded-messages";

    /**
     * Since labels came by reference the tally is the database's count, read back after each write. Updates run
     * concurrently, so their writes take turns: otherwise an earlier write's count, arriving last, would stand. Rounds
     * recorded before (no marker) counted file names and ran their writes side by side; they replay as they ran.
     */
    static final String LABELS_BY_REFERENCE = "labels-by-reference";

    private final IterationActivities iterations = Workflow.newActivityStub(IterationActivities.class,
            bookkeeping(Duration.ofSeconds(30)));
    // A person's upload waits on these: fail within seconds rather than retrying for minutes.
    private final LabelingActivities labeling = Workflow.newActivityStub(LabelingActivities.class,
            attempts(bookkeeping(Duration.ofSeconds(10)), 3));
    // A stored upload may hold tens of thousands of labels, written in one transaction: minutes, not seconds.
    private final LabelingActivities uploads = Workflow.newActivityStub(LabelingActivities.class,
            attempts(bookkeeping(Duration.ofMinutes(5)), 3));
    private final BudgetActivities budget = Workflow.newActivityStub(BudgetActivities.class,
            bookkeeping(Duration.ofSeconds(30)));
    private final AssignmentActivities assignment = Workflow.newActivityStub(AssignmentActivities.class,
            bookkeeping(Duration.ofSeconds(30)));
    // A notice that cannot be delivered is logged, not fatal: a few quick attempts, then the round goes on.
    private final DeadlineActivities deadlines = Workflow.newActivityStub(DeadlineActivities.class,
            bookkeeping(Duration.ofSeconds(30)),
            Map.of("SendNotice", attempts(bookkeeping(Duration.ofSeconds(30)), 5)));
    // Shards heartbeat; planning and merging do not, so a heartbeat timeout on them would only kill healthy work.
    private final EmbeddingActivities embedding = Workflow.newActivityStub(EmbeddingActivities.class,
            compute(Duration.ofHours(1)),
            Map.of("EmbedShard", heartbeating(compute(Duration.ofHours(6)))));
    private final PredictionActivities prediction = Workflow.newActivityStub(PredictionActivities.class,
            compute(Duration.ofHours(1)),
            Map.of("PredictShard", heartbeating(compute(Duration.ofHours(2)))));
    private final ScoringActivities scoring = Workflow.newActivityStub(ScoringActivities.class,
            compute(Duration.ofMinutes(30)));
    private final SelectionActivities selection = Workflow.newActivityStub(SelectionActivities.class,
            compute(Duration.ofHours(1)));
    private final TrainingActivities training = Workflow.newActivityStub(TrainingActivities.class,
            compute(Duration.ofHours(2)));

    private final IterationRequest request;
    private final LabelTally labeledInBatch = new LabelTally();
    private final WorkflowLock labelWrites = Workflow.newWorkflowLock();
    private StepOutputs outputs = StepOutputs.NONE;
    private Step resumeAt = EMBED;
    private Step step = EMBED;
    private IterationStatus status = IterationStatus.RUNNING;
    private List<BatchItem> batch = List.of();
    private Set<String> batchFiles = Set.of();
    private Set<String> classes = Set.of();
    private boolean labelingDone;
    private CancelIteration cancelled;

    @WorkflowInit
    public IterationWorkflowImpl(IterationRequest request) {
        this.request = request;
    }

    @Override
    public IterationResult run(IterationRequest request) {
        try {
            resume(iterations.load(request.iterationId()));
            embed();
            predict();
            score();
            query();
            awaitLabels();
            retrain();
            enter(DONE);
            return finish(IterationStatus.COMPLETED, null);
        } catch (RoundEnded ended) {
            return finish(ended.status, ended.reason);
        } catch (ActivityFailure failure) {
            // Retries are exhausted or the input can never work: record why, so the row does not stay RUNNING forever.
            return failed(Errors.rootMessage(failure));
        }
    }

    private void resume(IterationProgress recorded) {
        resumeAt = recorded.step() == null ? EMBED : recorded.step();
        outputs = recorded.outputs() == null ? StepOutputs.NONE : recorded.outputs();
        classes = new HashSet<>(recorded.classes());
        useBatch(recorded.batch());
        labeledInBatch.addAll(recorded.labeledInBatch());
        if (resumeAt != EMBED)
            log.info("Iteration {} resumes at {}", request.iterationId(), resumeAt);
        // The API records done and cancel before it answers, then signals; a signal lost with a crashed process is
        // read back here, so the round ends as it was acknowledged. A cancel ends it before any further step.
        if (Workflow.getVersion(RECORDED_MESSAGES, Workflow.DEFAULT_VERSION, 1) >= 1) {
            if (recorded.cancel() != null)
                cancel(recorded.cancel());
            if (recorded.labelingDone() != null && resumeAt == LABELING)
                labelingDone = true;
            endIfCancelled();
        }
    }

    /**
     * Embeds the dataset in shards, several at a time, each a heartbeating activity that resumes from its last
     * checkpoint when retried; the shards' matrices merge into one artifact. Imported embeddings are the step's output
     * as they are: no activity runs, so none can fail or recompute.
     */
    private void embed() {
        if (!begin(EMBED))
            return;
        if (request.importedEmbeddings() != null) {
            outputs = outputs.embedded(request.importedEmbeddings());
            return;
        }
        EmbeddingPlan plan = embedding.plan(
                new PlanEmbedding(request.iterationId(), request.datasetId(), request.shardSize()));
        if (plan.cachedArtifact() != null) {
            outputs = outputs.embedded(plan.cachedArtifact());
            return;
        }
        List<String> shards = Shards.fanOut(plan.shards(), request.shardParallelism(),
                shard -> Async.function(embedding::embedShard, new EmbedShard(request.iterationId(),
                        request.datasetId(), plan.embedder(), request.shardSize(), shard)));
        outputs = outputs.embedded(embedding.mergeShards(new MergeShards(request.iterationId(), request.datasetId(),
                plan.embedder(), request.shardSize(), shards)));
    }

    /**
     * Predicts the unlabeled pool with the project's current model (the built-in probe on the embeddings, or a
     * trainer's ONNX network on the images) in shards of the embeddings matrix's rows, each a heartbeating activity
     * whose retry gives the same artifact; the shards merge into one artifact. Without a model (a cold start) nothing
     * is predicted.
     */
    private void predict() {
        if (!begin(PREDICT))
            return;
        if (request.importedPredictions() != null) {
            outputs = outputs.predicted(new Predictions(request.importedPredictions(), null));
            return;
        }
        PredictionPlan plan = prediction.planPrediction(new PlanPrediction(request.iterationId(), request.projectId(),
                request.datasetId(), outputs.embeddings(), request.shardSize()));
        // A trainer's own predictions of the pool are the step's output as they are; histories from before they
        // existed read no delivered artifact here and take the path they took.
        if (plan.delivered() != null) {
            outputs = outputs.predicted(new Predictions(plan.delivered(), plan.modelVersion()));
            return;
        }
        if (plan.modelId() == null)
            return;
        List<String> shards = Shards.fanOut(plan.shards(), request.shardParallelism(),
                shard -> Async.function(prediction::predictShard, new PredictShard(request.iterationId(),
                        request.datasetId(), outputs.embeddings(), plan.modelId(), request.shardSize(), shard)));
        outputs = outputs.predicted(prediction.mergePredictions(
                new MergePredictions(request.iterationId(), plan.modelVersion(), shards)));
    }

    /** Scores the predictions; a cold start has none, and the query step then falls back to diversity alone. */
    private void score() {
        if (!begin(SCORE) || outputs.predictions() == null)
            return;
        outputs = outputs.scored(scoring.score(
                new ScorePredictions(request.iterationId(), outputs.predictions(), request.scorer())));
    }

    /**
     * Reserves the batch's cost, chooses the batch (no larger than the budget granted) and splits it among the
     * annotators. A budget that refuses the batch ends the round before anything is chosen.
     */
    private void query() {
        if (!begin(QUERY))
            return;
        Reservation reservation = budget.reserve(
                new ReserveBudget(request.iterationId(), request.projectId(), request.batchSize()));
        if (reservation.refused())
            throw new RoundEnded(IterationStatus.FAILED, "budget: " + reservation.reason());
        var queried = selection.query(new QueryBatch(request.iterationId(), request.datasetId(), request.strategy(),
                reservation.granted(), request.seed(), request.scorer(), outputs.embeddings(), outputs.scores(),
                outputs.modelUsed()));
        outputs = outputs.queried(queried.strategyUsed(), queried.coldStart());
        useBatch(queried.batch());
        assignment.assign(request.iterationId());
    }

    /**
     * Opens the labeling round (its deadline is recorded, so a resumed round keeps it) and waits, durably and for days
     * if need be, until the round is over or its deadline passes. On expiry the round's policy applies: EXTEND has
     * moved the deadline once already, CANCEL ends the round, PROCEED goes on to retrain on the labels received.
     */
    private void awaitLabels() {
        if (!begin(LABELING))
            return;
        boolean inTime = waitForLabels();
        endIfCancelled();
        if (!inTime && deadlineRules().policy() == DeadlinePolicy.CANCEL) {
            throw new RoundEnded(IterationStatus.CANCELLED, "labeling deadline passed with " + labeledInBatch.size()
                    + " of " + batch.size() + " labels (deadline policy CANCEL)");
        }
    }

    /** Whether the round is in time; sends the reminders that fall due on the way and applies EXTEND. */
    private boolean waitForLabels() {
        DeadlineRules rules = deadlineRules();
        long deadline = outputs.labelingDeadline();
        long opened = outputs.labelingStarted() != null
                ? outputs.labelingStarted()
                : deadline - request.labelingDeadline().toMillis();
        boolean extended = outputs.deadlineExtended();

        boolean over = false;
        // Reminders divide the round as first set; an extension is announced on its own.
        for (double fraction : extended ? List.<Double> of() : rules.reminders()) {
            over = awaitUntil(opened + Math.round(fraction * (deadline - opened)));
            if (over)
                break;
            announce(DeadlineNotice.Kind.REMINDER, fraction, deadline, rules);
        }
        boolean inTime = over || awaitUntil(deadline);
        if (!inTime && rules.policy() == DeadlinePolicy.EXTEND && !extended && rules.extension().toMillis() > 0) {
            deadline += rules.extension().toMillis();
            outputs = outputs.deadlineExtendedTo(deadline);
            announce(DeadlineNotice.Kind.EXTENDED, null, deadline, rules);
            inTime = awaitUntil(deadline);
        }
        if (!inTime) {
            log.info("Labeling deadline of iteration {} expired", request.iterationId());
            outputs = outputs.expired();
            announce(DeadlineNotice.Kind.EXPIRED, null, deadline, rules);
        }
        // Labels in flight must be stored before the round closes.
        Workflow.await(Workflow::isEveryHandlerFinished);
        return inTime;
    }

    /** Waits until the round is over or {@code epochMillis} passes; true when the round is over. */
    private boolean awaitUntil(long epochMillis) {
        Duration left = Duration.ofMillis(Math.max(0, epochMillis - Workflow.currentTimeMillis()));
        return left.isZero() ? roundOver() : Workflow.await(left, this::roundOver);
    }

    /** Records the notice and, the first time only, sends it; a webhook that stays down does not stop the round. */
    private void announce(DeadlineNotice.Kind kind, Double fraction, long deadline, DeadlineRules rules) {
        DeadlineNotice notice = new DeadlineNotice(request.iterationId(), request.projectId(), request.round(), kind,
                fraction, labeledInBatch.size(), batch.size(), deadline, rules.policy());
        if (!deadlines.recordNotice(notice))
            return;
        try {
            deadlines.sendNotice(notice);
        } catch (ActivityFailure failure) {
            log.warn("Deadline notice {} of iteration {} not delivered: {}", kind, request.iterationId(),
                    Errors.rootMessage(failure));
        }
    }

    private DeadlineRules deadlineRules() {
        return request.deadlineRules() == null ? DeadlineRules.PROCEED_SILENTLY : request.deadlineRules();
    }

    /**
     * Runs the round's trainer: the built-in one, or an external one with the timeout and attempts the request sets.
     * An external trainer that never reports fails the round at RETRAIN, which can then be retried.
     */
    private void retrain() {
        if (!begin(RETRAIN))
            return;
        RetrainTrigger trigger = request.trainer() == null ? RetrainTrigger.BUILTIN : request.trainer();
        if (trigger.kind() == TrainerKind.BUILTIN) {
            outputs = outputs.trained(training.retrain(new Retrain(request.iterationId(), request.projectId(),
                    request.datasetId(), request.round(), outputs.embeddings())));
            return;
        }
        ActivityOptions options = attempts(compute(trigger.timeout()), trigger.attempts());
        if (trigger.kind() == TrainerKind.KUBERNETES)
            options = heartbeating(options); // the Job's watcher heartbeats; a dead worker is noticed
        ExternalTrainingActivities external = Workflow.newActivityStub(ExternalTrainingActivities.class, options);
        ExternalRetrain command = new ExternalRetrain(request.iterationId(), request.projectId(), request.datasetId(),
                request.round(), outputs.modelUsed());
        try {
            outputs = outputs.trained(trigger.kind() == TrainerKind.WEBHOOK
                    ? external.trainByWebhook(command)
                    : external.trainByKubernetesJob(command));
        } catch (ActivityFailure failure) {
            if (!(failure.getCause() instanceof TimeoutFailure))
                throw failure;
            throw new RoundEnded(IterationStatus.FAILED, RETRAIN + " failed: the " + trigger.kind().name().toLowerCase()
                    + " trainer did not report within " + trigger.timeout() + " (" + trigger.attempts() + " attempt"
                    + (trigger.attempts() == 1 ? "" : "s") + "); retry the retrain step");
        }
    }

    /**
     * Whether {@code next} still has to run (a resumed round skips what is recorded); if so, first honours a cancel
     * that arrived before it, then records that the round entered it.
     */
    private boolean begin(Step next) {
        if (resumeAt.isAfter(next))
            return false;
        if (next != EMBED)
            endIfCancelled();
        if (next == LABELING && outputs.labelingDeadline() == null) {
            long opened = Workflow.currentTimeMillis();
            outputs = outputs.labelingOpened(opened, opened + request.labelingDeadline().toMillis());
        }
        enter(next);
        return true;
    }

    private void endIfCancelled() {
        if (cancelled != null) {
            throw new RoundEnded(IterationStatus.CANCELLED,
                    "cancelled by " + cancelled.by() + (cancelled.reason() == null ? "" : ": " + cancelled.reason()));
        }
    }

    private void enter(Step next) {
        step = next;
        iterations.recordStep(new RecordStep(request.iterationId(), next, outputs));
    }

    private boolean roundOver() {
        return cancelled != null || labelingDone || (!batch.isEmpty() && labeledInBatch.size() == batch.size());
    }

    @Override
    public IterationState state() {
        return new IterationState(step, status, batch.size(), labeledInBatch.size(), labelingDone,
                outputs.deadlineExpired(), Boolean.TRUE.equals(outputs.coldStart()), outputs.strategyUsed(),
                outputs.modelProduced(), outputs.accuracy());
    }

    @Override
    public void validateLabels(SubmitLabels submission) {
        requireLabeling();
        if (submission != null && submission.byReference()) {
            // Checked against the batch where it was stored, and again by the activity that records it.
            if (submission.labelCount() <= 0 || submission.labelCount() > batch.size()) {
                throw Errors.BAD_INPUT.refusal("labels", submission.labelCount() + " labels for a batch of "
                        + batch.size() + " images");
            }
            return;
        }
        if (submission == null || submission.labels() == null || submission.labels().isEmpty())
            throw Errors.BAD_INPUT.refusal("labels", "no labels given");
        List<String> outside = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (LabelEntry entry : submission.labels()) {
            if (entry == null || entry.fileName() == null || !batchFiles.contains(entry.fileName()))
                outside.add(entry == null ? "null" : String.valueOf(entry.fileName()));
            if (entry != null && entry.boxes() != null) {
                for (LabeledBox box : entry.boxes()) {
                    if (box == null || !classes.contains(box.category()))
                        unknown.add(box == null ? "null" : String.valueOf(box.category()));
                }
            } else if (entry != null && (entry.label() == null || !classes.contains(entry.label()))) {
                unknown.add(String.valueOf(entry.label()));
            }
        }
        List<String> reasons = new ArrayList<>();
        if (!outside.isEmpty())
            reasons.add("not in this iteration's batch: " + String.join(", ", outside));
        if (!unknown.isEmpty())
            reasons.add("unknown classes: " + String.join(", ", unknown));
        if (!reasons.isEmpty())
            throw Errors.BAD_INPUT.refusal("labels", String.join("; ", reasons));
    }

    /**
     * Records labels and answers with the batch's progress. Labels by reference are read by the activity; inline ones
     * (recorded histories, older callers) are recorded as before. Since {@link #LABELS_BY_REFERENCE} the count is the
     * database's, and label writes take turns so that a count is never overtaken by an older one.
     */
    @Override
    public LabelsAccepted submitLabels(SubmitLabels submission) {
        return inTurn(() -> {
            LabelsAccepted stored = submission.byReference()
                    ? uploads.recordStored(new RecordStoredLabels(request.iterationId(), request.datasetId(),
                            submission.labelsArtifact(), submission.annotator(), submission.source()))
                    : labeling.record(new RecordLabels(request.iterationId(), request.datasetId(),
                            submission.labels(), submission.annotator(), submission.source()));
            if (databaseCounts() || submission.byReference() || labeledInBatch.counting())
                labeledInBatch.counted(stored.labeledInBatch());
            else
                labeledInBatch.addAll(submission.labels().stream().map(LabelEntry::fileName).toList());
            return new LabelsAccepted(stored.recorded(), stored.unchanged(), labeledInBatch.size(), batch.size());
        });
    }

    @Override
    public void validateWithdraw(WithdrawLabels withdraw) {
        requireLabeling();
        if (withdraw == null || withdraw.source() == null || withdraw.source().isBlank())
            throw Errors.BAD_INPUT.refusal("source", "which labels to withdraw is required");
    }

    @Override
    public LabelsWithdrawn withdrawLabels(WithdrawLabels withdraw) {
        return inTurn(() -> {
            List<String> removed = labeling.remove(new RemoveLabels(request.iterationId(), withdraw.source()));
            labeledInBatch.withdrawn(removed);
            return new LabelsWithdrawn(removed, labeledInBatch.size(), batch.size());
        });
    }

    private boolean databaseCounts() {
        return Workflow.getVersion(LABELS_BY_REFERENCE, Workflow.DEFAULT_VERSION, 1) >= 1;
    }

    private <T> T inTurn(Supplier<T> write) {
        if (!databaseCounts())
            return write.get();
        labelWrites.lock();
        try {
            return write.get();
        } finally {
            labelWrites.unlock();
        }
    }

    private void requireLabeling() {
        if (step != LABELING || roundOver())
            throw Errors.WRONG_STATE.refusal("iteration", "iteration is not waiting for labels (step " + step + ")");
    }

    @Override
    public void labelingDone(LabelingDone done) {
        // Signals cannot be refused; one that arrives before the batch exists would end the round unseen, so drop it.
        if (step != LABELING) {
            log.warn("labelingDone from {} ignored: iteration is at {}", done.by(), step);
            return;
        }
        labelingDone = true;
    }

    @Override
    public void cancel(CancelIteration cancel) {
        if (cancelled == null)
            cancelled = cancel;
    }

    private IterationResult failed(String why) {
        String reason = step + " failed: " + why;
        log.warn("Iteration {} {}", request.iterationId(), reason);
        return finish(IterationStatus.FAILED, reason);
    }

    private IterationResult finish(IterationStatus finalStatus, String reason) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        iterations.finish(new FinishIteration(request.iterationId(), finalStatus, reason));
        status = finalStatus;
        return new IterationResult(finalStatus, outputs.modelProduced(), outputs.accuracy(), labeledInBatch.size(),
                outputs.deadlineExpired());
    }

    private void useBatch(List<BatchItem> items) {
        batch = List.copyOf(items);
        Set<String> files = new HashSet<>();
        for (BatchItem item : items)
            files.add(item.fileName());
        batchFiles = files;
    }

    /** How a round ends before its last step; deterministic control flow, never thrown out of the workflow. */
    private static final class RoundEnded extends RuntimeException {
        final IterationStatus status;
        final String reason;

        RoundEnded(IterationStatus status, String reason) {
            super(reason, null, false, false);
            this.status = status;
            this.reason = reason;
        }
    }
}
