package dev.needle.workflows.iteration;

import static dev.needle.workflows.messages.values.Step.DONE;
import static dev.needle.workflows.messages.values.Step.EMBED;
import static dev.needle.workflows.messages.values.Step.LABELING;
import static dev.needle.workflows.messages.values.Step.PREDICT;
import static dev.needle.workflows.messages.values.Step.QUERY;
import static dev.needle.workflows.messages.values.Step.RETRAIN;
import static dev.needle.workflows.messages.values.Step.SCORE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;

import dev.needle.workflows.Errors;
import dev.needle.workflows.TaskQueues;
import dev.needle.workflows.assignment.AssignmentActivities;
import dev.needle.workflows.budget.BudgetActivities;
import dev.needle.workflows.deadline.DeadlineActivities;
import dev.needle.workflows.embedding.EmbeddingActivities;
import dev.needle.workflows.labeling.LabelingActivities;
import dev.needle.workflows.messages.commands.CancelIteration;
import dev.needle.workflows.messages.commands.DeadlineNotice;
import dev.needle.workflows.messages.commands.EmbedDataset;
import dev.needle.workflows.messages.commands.EmbedShard;
import dev.needle.workflows.messages.commands.ExternalRetrain;
import dev.needle.workflows.messages.commands.FinishIteration;
import dev.needle.workflows.messages.commands.IterationRequest;
import dev.needle.workflows.messages.commands.LabelingDone;
import dev.needle.workflows.messages.commands.MergePredictions;
import dev.needle.workflows.messages.commands.MergeShards;
import dev.needle.workflows.messages.commands.PlanEmbedding;
import dev.needle.workflows.messages.commands.PlanPrediction;
import dev.needle.workflows.messages.commands.PredictPool;
import dev.needle.workflows.messages.commands.PredictShard;
import dev.needle.workflows.messages.commands.QueryBatch;
import dev.needle.workflows.messages.commands.RecordLabels;
import dev.needle.workflows.messages.commands.RecordStep;
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
import dev.needle.workflows.messages.values.QueriedBatch;
import dev.needle.workflows.messages.values.Reservation;
import dev.needle.workflows.messages.values.RetrainTrigger;
import dev.needle.workflows.messages.values.Step;
import dev.needle.workflows.messages.values.TrainedModel;
import dev.needle.workflows.messages.values.TrainerKind;
import dev.needle.workflows.prediction.PredictionActivities;
import dev.needle.workflows.scoring.ScoringActivities;
import dev.needle.workflows.selection.SelectionActivities;
import dev.needle.workflows.training.ExternalTrainingActivities;
import dev.needle.workflows.training.TrainingActivities;

/**
 * Orchestration only: every read or write of images, rows and artifacts happens in an activity. The run starts by
 * loading what the database already holds for this iteration and skips every step whose output is recorded, so the
 * same code serves a fresh iteration and one resumed after Needle restarted (the embedded Temporal server forgets
 * its workflows on restart).
 */
public class IterationWorkflowImpl implements IterationWorkflow {

    private static final Logger log = Workflow.getLogger(IterationWorkflowImpl.class);

    private static final RetryOptions RETRY = RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setMaximumInterval(Duration.ofMinutes(1))
            .setMaximumAttempts(10)
            .build();

    private final IterationActivities iterations = Workflow.newActivityStub(IterationActivities.class,
            bookkeeping(Duration.ofSeconds(30)));
    // A person's upload waits on this activity: fail within seconds rather than retrying for minutes.
    private final LabelingActivities labeling = Workflow.newActivityStub(
            LabelingActivities.class,
            ActivityOptions.newBuilder(bookkeeping(Duration.ofSeconds(10)))
                    .setRetryOptions(RetryOptions.newBuilder(RETRY).setMaximumAttempts(3).build())
                    .build());
    // Long compute heartbeats, so a crashed worker is noticed in minutes rather than at the end of the timeout.
    private final EmbeddingActivities embedding = Workflow.newActivityStub(EmbeddingActivities.class,
            compute(Duration.ofHours(6), Duration.ofMinutes(2)));
    // Planning and merging do not heartbeat: a heartbeat timeout on them would only kill healthy work.
    private final EmbeddingActivities embeddingSteps = Workflow.newActivityStub(EmbeddingActivities.class,
            compute(Duration.ofHours(1), null));
    private final PredictionActivities prediction = Workflow.newActivityStub(PredictionActivities.class,
            compute(Duration.ofHours(2), Duration.ofMinutes(2)));
    // Planning and merging do not heartbeat, as for embedding.
    private final PredictionActivities predictionSteps = Workflow.newActivityStub(PredictionActivities.class,
            compute(Duration.ofHours(1), null));
    private final ScoringActivities scoring = Workflow.newActivityStub(ScoringActivities.class,
            compute(Duration.ofMinutes(30), null));
    private final SelectionActivities selection = Workflow.newActivityStub(SelectionActivities.class,
            compute(Duration.ofHours(1), null));
    private final TrainingActivities training = Workflow.newActivityStub(TrainingActivities.class,
            compute(Duration.ofHours(2), null));
    private final BudgetActivities budget = Workflow.newActivityStub(BudgetActivities.class,
            bookkeeping(Duration.ofSeconds(30)));
    private final AssignmentActivities assignment = Workflow.newActivityStub(AssignmentActivities.class,
            bookkeeping(Duration.ofSeconds(30)));
    private final DeadlineActivities deadlines = Workflow.newActivityStub(DeadlineActivities.class,
            bookkeeping(Duration.ofSeconds(30)));
    // A notification that cannot be delivered is logged, not fatal: a few quick attempts, then the round goes on.
    private final DeadlineActivities notifier = Workflow.newActivityStub(
            DeadlineActivities.class,
            ActivityOptions.newBuilder(bookkeeping(Duration.ofSeconds(30)))
                    .setRetryOptions(RetryOptions.newBuilder(RETRY).setMaximumAttempts(5).build())
                    .build());

    private final IterationRequest request;
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private final Set<String> labeledInBatch = new HashSet<>();
    private Step step = EMBED;
    private IterationStatus status = IterationStatus.RUNNING;
    private List<BatchItem> batch = List.of();
    private Set<String> batchFiles = Set.of();
    private Set<String> classes = Set.of();
    private boolean labelingDone;
    private CancelIteration cancelled;
    private boolean announcesDeadlines;
    private String trainerLost;

    @WorkflowInit
    public IterationWorkflowImpl(IterationRequest request) {
        this.request = request;
    }

    @Override
    public IterationResult run(IterationRequest request) {
        try {
            return runSteps();
        } catch (ActivityFailure failure) {
            // Retries are exhausted or the input can never work: record why, so the row does not stay RUNNING forever.
            String reason = step + " failed: " + (trainerLost != null ? trainerLost : Errors.rootMessage(failure));
            log.warn("Iteration {} {}", request.iterationId(), reason);
            return finish(IterationStatus.FAILED, reason);
        }
    }

    private IterationResult runSteps() {
        IterationProgress recorded = iterations.load(request.iterationId());
        Step resumeAt = recorded.step() == null ? EMBED : recorded.step();
        outputs.putAll(recorded.outputs());
        classes = new HashSet<>(recorded.classes());
        useBatch(recorded.batch());
        labeledInBatch.addAll(recorded.labeledInBatch());
        if (resumeAt != EMBED) {
            log.info("Iteration {} resumes at {}", request.iterationId(), resumeAt);
        }

        if (!resumeAt.isAfter(EMBED)) {
            enter(EMBED);
            // Imported embeddings are the step's output as they are: no activity runs, so none can fail or recompute.
            outputs.put(Outputs.EMBEDDINGS, request.importedEmbeddings() != null ? request.importedEmbeddings() : embed());
        }
        if (cancelled != null)
            return finishCancelled();

        if (!resumeAt.isAfter(PREDICT)) {
            enter(PREDICT);
            Predictions predictions = request.importedPredictions() != null
                    ? new Predictions(request.importedPredictions(), null)
                    : predict();
            putIfPresent(Outputs.PREDICTIONS, predictions.artifact());
            putIfPresent(Outputs.MODEL_USED, predictions.modelVersion());
        }
        if (cancelled != null)
            return finishCancelled();

        if (!resumeAt.isAfter(SCORE)) {
            enter(SCORE);
            // A cold start has no model, so nothing to score: the query step falls back to diversity alone.
            if (outputs.containsKey(Outputs.PREDICTIONS)) {
                outputs.put(
                        Outputs.SCORES,
                        scoring.score(
                                new ScorePredictions(
                                        request.iterationId(), outputs.get(Outputs.PREDICTIONS), request.scorer())));
            }
        }
        if (cancelled != null)
            return finishCancelled();

        if (!resumeAt.isAfter(QUERY)) {
            enter(QUERY);
            int batchSize = request.batchSize();
            // Version 1 reserves the budget before selecting and splits the batch among annotators after; histories
            // recorded before replay without either.
            boolean budgeted = Workflow.getVersion("budget-and-assignment", Workflow.DEFAULT_VERSION, 1) >= 1;
            if (budgeted) {
                Reservation reservation = budget.reserve(
                        new ReserveBudget(request.iterationId(), request.projectId(), batchSize));
                if (reservation.refused())
                    return finish(IterationStatus.FAILED, "budget: " + reservation.reason());
                batchSize = reservation.granted();
            }
            QueriedBatch queried = selection.query(
                    new QueryBatch(
                            request.iterationId(),
                            request.datasetId(),
                            request.strategy(),
                            batchSize,
                            request.seed(),
                            request.scorer(),
                            outputs.get(Outputs.EMBEDDINGS),
                            outputs.get(Outputs.SCORES),
                            outputs.get(Outputs.MODEL_USED)));
            outputs.put(Outputs.STRATEGY_USED, queried.strategyUsed());
            outputs.put(Outputs.COLD_START, Boolean.toString(queried.coldStart()));
            useBatch(queried.batch());
            if (budgeted)
                assignment.assign(request.iterationId());
        }
        if (cancelled != null)
            return finishCancelled();

        if (!resumeAt.isAfter(LABELING)) {
            if (!outputs.containsKey(Outputs.LABELING_DEADLINE)) {
                long opened = Workflow.currentTimeMillis();
                outputs.put(Outputs.LABELING_STARTED, Long.toString(opened));
                outputs.put(Outputs.LABELING_DEADLINE, Long.toString(opened + request.labelingDeadline().toMillis()));
            }
            enter(LABELING);
            boolean inTime = waitForLabels();
            if (cancelled != null)
                return finishCancelled();
            if (!inTime && deadlineRules().policy() == DeadlinePolicy.CANCEL) {
                return finish(IterationStatus.CANCELLED, "labeling deadline passed with " + labeledInBatch.size() + " of "
                        + batch.size() + " labels (deadline policy CANCEL)");
            }
        }

        if (!resumeAt.isAfter(RETRAIN)) {
            enter(RETRAIN);
            TrainedModel model = retrain();
            if (model != null) {
                outputs.put(Outputs.MODEL_PRODUCED, model.version());
                if (model.accuracy() != null)
                    outputs.put(Outputs.ACCURACY, Double.toString(model.accuracy()));
                outputs.put(Outputs.TRAINING_SIZE, Integer.toString(model.trainingSize()));
            }
        }

        enter(DONE);
        return finish(IterationStatus.COMPLETED, null);
    }

    /**
     * Embeds the dataset in shards, several at a time, each a heartbeating activity that resumes from its last
     * checkpoint when retried; the shards' matrices merge into one artifact. Workflows started before sharding keep
     * their single activity on replay.
     */
    private String embed() {
        if (Workflow.getVersion("sharded-embed", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION)
            return embedding.embed(new EmbedDataset(request.iterationId(), request.datasetId()));
        EmbeddingPlan plan = embeddingSteps.plan(
                new PlanEmbedding(request.iterationId(), request.datasetId(), request.shardSize()));
        if (plan.cachedArtifact() != null)
            return plan.cachedArtifact();
        List<String> shards = Shards.fanOut(plan.shards(), request.shardParallelism(),
                shard -> Async.function(embedding::embedShard,
                        new EmbedShard(request.iterationId(), request.datasetId(), plan.embedder(), request.shardSize(),
                                shard)));
        return embeddingSteps.mergeShards(
                new MergeShards(request.iterationId(), request.datasetId(), plan.embedder(), request.shardSize(), shards));
    }

    /**
     * Predicts the unlabeled pool in shards of the embeddings matrix's rows, several at a time, each a heartbeating
     * activity whose retry gives the same artifact; the shards' predictions merge into one artifact. Workflows started
     * before sharding keep their single activity on replay.
     */
    private Predictions predict() {
        String embeddings = outputs.get(Outputs.EMBEDDINGS);
        if (Workflow.getVersion("sharded-predict", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
            return prediction.predict(
                    new PredictPool(request.iterationId(), request.projectId(), request.datasetId(), embeddings));
        }
        PredictionPlan plan = predictionSteps.planPrediction(new PlanPrediction(request.iterationId(),
                request.projectId(), request.datasetId(), embeddings, request.shardSize()));
        if (plan.modelId() == null)
            return Predictions.coldStart();
        List<String> shards = Shards.fanOut(plan.shards(), request.shardParallelism(),
                shard -> Async.function(prediction::predictShard, new PredictShard(request.iterationId(),
                        request.datasetId(), embeddings, plan.modelId(), request.shardSize(), shard)));
        return predictionSteps.mergePredictions(new MergePredictions(request.iterationId(), plan.modelVersion(), shards));
    }

    /**
     * Waits, durably and for days if need be, until the round is over or its deadline passes, sending the reminders
     * that fall due on the way. Returns whether the round ended in time; on expiry the caller applies the policy
     * (EXTEND has already been applied here: it only moves the deadline).
     */
    private boolean waitForLabels() {
        // Rounds started before deadline rules existed replay without the reminder and notice activities.
        announcesDeadlines = Workflow.getVersion("deadline-rules", Workflow.DEFAULT_VERSION, 1) >= 1;
        DeadlineRules rules = deadlineRules();
        long deadline = Long.parseLong(outputs.get(Outputs.LABELING_DEADLINE));
        long opened = outputs.containsKey(Outputs.LABELING_STARTED)
                ? Long.parseLong(outputs.get(Outputs.LABELING_STARTED))
                : deadline - request.labelingDeadline().toMillis();
        boolean extended = outputs.containsKey(Outputs.DEADLINE_EXTENDED);

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
            outputs.put(Outputs.LABELING_DEADLINE, Long.toString(deadline));
            outputs.put(Outputs.DEADLINE_EXTENDED, "true");
            announce(DeadlineNotice.Kind.EXTENDED, null, deadline, rules);
            inTime = awaitUntil(deadline);
        }
        if (!inTime) {
            log.info("Labeling deadline of iteration {} expired", request.iterationId());
            outputs.put(Outputs.DEADLINE_EXPIRED, "true");
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
        if (!announcesDeadlines)
            return;
        DeadlineNotice notice = new DeadlineNotice(request.iterationId(), request.projectId(), request.round(), kind,
                fraction, labeledInBatch.size(), batch.size(), deadline, rules.policy());
        if (!deadlines.recordNotice(notice))
            return;
        try {
            notifier.sendNotice(notice);
        } catch (ActivityFailure failure) {
            log.warn("Deadline notice {} of iteration {} not delivered: {}", kind, request.iterationId(),
                    Errors.rootMessage(failure));
        }
    }

    private DeadlineRules deadlineRules() {
        return !announcesDeadlines || request.deadlineRules() == null
                ? DeadlineRules.PROCEED_SILENTLY
                : request.deadlineRules();
    }

    /** Runs the round's trainer; an external one gets its own timeout and attempts, as the request sets them. */
    private TrainedModel retrain() {
        RetrainTrigger trigger = request.trainer() == null ? RetrainTrigger.BUILTIN : request.trainer();
        if (trigger.kind() == TrainerKind.BUILTIN) {
            return training.retrain(
                    new Retrain(
                            request.iterationId(),
                            request.projectId(),
                            request.datasetId(),
                            request.round(),
                            outputs.get(Outputs.EMBEDDINGS)));
        }
        ActivityOptions.Builder options = ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.ML)
                .setStartToCloseTimeout(trigger.timeout())
                .setRetryOptions(RetryOptions.newBuilder(RETRY).setMaximumAttempts(trigger.attempts()).build());
        if (trigger.kind() == TrainerKind.KUBERNETES)
            options.setHeartbeatTimeout(Duration.ofMinutes(2)); // the watcher heartbeats; a dead worker is noticed
        ExternalTrainingActivities external = Workflow.newActivityStub(ExternalTrainingActivities.class, options.build());
        ExternalRetrain command = new ExternalRetrain(request.iterationId(), request.projectId(), request.datasetId(),
                request.round(), outputs.get(Outputs.MODEL_USED));
        try {
            return trigger.kind() == TrainerKind.WEBHOOK
                    ? external.trainByWebhook(command)
                    : external.trainByKubernetesJob(command);
        } catch (ActivityFailure failure) {
            if (failure.getCause() instanceof TimeoutFailure) {
                trainerLost = "the " + trigger.kind().name().toLowerCase() + " trainer did not report within "
                        + trigger.timeout() + " (" + trigger.attempts() + " attempt" + (trigger.attempts() == 1 ? "" : "s")
                        + "); retry the retrain step";
            }
            throw failure;
        }
    }

    private boolean roundOver() {
        return cancelled != null || labelingDone || (!batch.isEmpty() && labeledInBatch.size() == batch.size());
    }

    @Override
    public IterationState state() {
        return new IterationState(
                step,
                status,
                batch.size(),
                labeledInBatch.size(),
                labelingDone,
                outputs.containsKey(Outputs.DEADLINE_EXPIRED),
                Boolean.parseBoolean(outputs.get(Outputs.COLD_START)),
                outputs.get(Outputs.STRATEGY_USED),
                outputs.get(Outputs.MODEL_PRODUCED),
                outputs.containsKey(Outputs.ACCURACY) ? Double.valueOf(outputs.get(Outputs.ACCURACY)) : null);
    }

    @Override
    public void validateLabels(SubmitLabels submission) {
        if (step != LABELING || roundOver()) {
            throw new IllegalStateException("iteration is not waiting for labels (step " + step + ")");
        }
        if (submission == null || submission.labels() == null || submission.labels().isEmpty()) {
            throw new IllegalArgumentException("labels: no labels given");
        }
        List<String> outside = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (LabelEntry entry : submission.labels()) {
            if (entry == null || entry.fileName() == null || !batchFiles.contains(entry.fileName())) {
                outside.add(entry == null ? "null" : String.valueOf(entry.fileName()));
            }
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
            throw new IllegalArgumentException("labels: " + String.join("; ", reasons));
    }

    @Override
    public LabelsAccepted submitLabels(SubmitLabels submission) {
        LabelsAccepted stored = labeling.record(
                new RecordLabels(
                        request.iterationId(), request.datasetId(), submission.labels(), submission.annotator(),
                        submission.source()));
        for (LabelEntry entry : submission.labels())
            labeledInBatch.add(entry.fileName());
        return new LabelsAccepted(stored.recorded(), stored.unchanged(), labeledInBatch.size(), batch.size());
    }

    @Override
    public void validateWithdraw(WithdrawLabels withdraw) {
        if (step != LABELING || roundOver())
            throw new IllegalStateException("iteration is not waiting for labels (step " + step + ")");
        if (withdraw == null || withdraw.source() == null || withdraw.source().isBlank())
            throw new IllegalArgumentException("source: which labels to withdraw is required");
    }

    @Override
    public LabelsWithdrawn withdrawLabels(WithdrawLabels withdraw) {
        List<String> removed = labeling.remove(new RemoveLabels(request.iterationId(), withdraw.source()));
        removed.forEach(labeledInBatch::remove);
        return new LabelsWithdrawn(removed, labeledInBatch.size(), batch.size());
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

    private void enter(Step next) {
        step = next;
        iterations.recordStep(new RecordStep(request.iterationId(), next, new HashMap<>(outputs)));
    }

    private IterationResult finishCancelled() {
        String reason = "cancelled by " + cancelled.by() + (cancelled.reason() == null ? "" : ": " + cancelled.reason());
        return finish(IterationStatus.CANCELLED, reason);
    }

    private IterationResult finish(IterationStatus finalStatus, String reason) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        iterations.finish(new FinishIteration(request.iterationId(), finalStatus, reason));
        status = finalStatus;
        return new IterationResult(
                finalStatus,
                outputs.get(Outputs.MODEL_PRODUCED),
                outputs.containsKey(Outputs.ACCURACY) ? Double.valueOf(outputs.get(Outputs.ACCURACY)) : null,
                labeledInBatch.size(),
                outputs.containsKey(Outputs.DEADLINE_EXPIRED));
    }

    private void useBatch(List<BatchItem> items) {
        batch = List.copyOf(items);
        Set<String> files = new HashSet<>();
        for (BatchItem item : items)
            files.add(item.fileName());
        batchFiles = files;
    }

    private void putIfPresent(String key, String value) {
        if (value != null)
            outputs.put(key, value);
    }

    private static ActivityOptions bookkeeping(Duration timeout) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.ITERATIONS)
                .setStartToCloseTimeout(timeout)
                .setRetryOptions(RETRY)
                .build();
    }

    private static ActivityOptions compute(Duration timeout, Duration heartbeat) {
        ActivityOptions.Builder options = ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.ML)
                .setStartToCloseTimeout(timeout)
                .setRetryOptions(RETRY);
        if (heartbeat != null)
            options.setHeartbeatTimeout(heartbeat);
        return options.build();
    }
}
