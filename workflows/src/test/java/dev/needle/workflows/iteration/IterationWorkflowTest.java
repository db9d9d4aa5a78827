package dev.needle.workflows.iteration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;

import dev.needle.workflows.Errors;
import dev.needle.workflows.TaskQueues;
import dev.needle.workflows.assignment.AssignmentActivities;
import dev.needle.workflows.budget.BudgetActivities;
import dev.needle.workflows.deadline.DeadlineActivities;
import dev.needle.workflows.embedding.EmbeddingActivities;
import dev.needle.workflows.history.Histories;
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
import dev.needle.workflows.messages.commands.PlanPrediction;
import dev.needle.workflows.messages.commands.PredictShard;
import dev.needle.workflows.messages.commands.QueryBatch;
import dev.needle.workflows.messages.commands.RecordLabels;
import dev.needle.workflows.messages.commands.RecordStep;
import dev.needle.workflows.messages.commands.RecordStoredLabels;
import dev.needle.workflows.messages.commands.ReserveBudget;
import dev.needle.workflows.messages.commands.ScorePredictions;
import dev.needle.workflows.messages.commands.SubmitLabels;
import dev.needle.workflows.messages.queries.IterationProgress;
import dev.needle.workflows.messages.queries.IterationResult;
import dev.needle.workflows.messages.queries.LabelsAccepted;
import dev.needle.workflows.messages.values.BatchItem;
import dev.needle.workflows.messages.values.DeadlinePolicy;
import dev.needle.workflows.messages.values.DeadlineRules;
import dev.needle.workflows.messages.values.EmbeddingPlan;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.LabelEntry;
import dev.needle.workflows.messages.values.PredictionPlan;
import dev.needle.workflows.messages.values.Predictions;
import dev.needle.workflows.messages.values.QueriedBatch;
import dev.needle.workflows.messages.values.Reservation;
import dev.needle.workflows.messages.values.RetrainTrigger;
import dev.needle.workflows.messages.values.Step;
import dev.needle.workflows.messages.values.StepOutputs;
import dev.needle.workflows.messages.values.TrainedModel;
import dev.needle.workflows.messages.values.TrainerKind;
import dev.needle.workflows.prediction.PredictionActivities;
import dev.needle.workflows.scoring.ScoringActivities;
import dev.needle.workflows.selection.SelectionActivities;
import dev.needle.workflows.training.ExternalTrainingActivities;
import dev.needle.workflows.training.TrainingActivities;

class IterationWorkflowTest {

    @RegisterExtension
    static final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder().setDoNotStart(true)
            .setUseTimeskipping(true).build();

    private static final long ID = 7;
    private static final String STORED_A = "labels/" + "a".repeat(40);
    private static final String STORED_B = "labels/" + "b".repeat(40);
    private static final List<BatchItem> BATCH = List.of(new BatchItem(11, "pool/a.png", 0, 0.9),
            new BatchItem(12, "pool/b.png", 1, 0.8));

    private final IterationActivities iterations = activityMock(IterationActivities.class);
    private final EmbeddingActivities embedding = activityMock(EmbeddingActivities.class);
    private final PredictionActivities prediction = activityMock(PredictionActivities.class);
    private final ScoringActivities scoring = activityMock(ScoringActivities.class);
    private final SelectionActivities selection = activityMock(SelectionActivities.class);
    private final LabelingActivities labeling = activityMock(LabelingActivities.class);
    private final TrainingActivities training = activityMock(TrainingActivities.class);
    private final BudgetActivities budget = activityMock(BudgetActivities.class);
    private final AssignmentActivities assignment = activityMock(AssignmentActivities.class);
    private final DeadlineActivities deadlines = activityMock(DeadlineActivities.class);
    private final ExternalTrainingActivities external = activityMock(ExternalTrainingActivities.class);
    /** Every deadline notice recorded, with the (skipped) workflow time at which it was recorded. */
    private final List<DeadlineNotice> notices = new ArrayList<>();
    private final List<Long> noticeTimes = new ArrayList<>();
    /** The batch's images the fake labeling activities have stored a label for. */
    private final Set<String> labeledInDatabase = ConcurrentHashMap.newKeySet();
    private TestWorkflowEnvironment env;

    @BeforeEach
    void givenActivitiesThatSucceed(TestWorkflowEnvironment env) {
        when(iterations.load(ID)).thenReturn(freshProgress());
        when(embedding.plan(any())).thenReturn(new EmbeddingPlan(null, "embedder-1", 5, 3));
        when(embedding.embedShard(any())).thenAnswer(call -> "shard-" + ((EmbedShard) call.getArgument(0)).shard());
        when(embedding.mergeShards(any())).thenReturn("emb-1");
        when(prediction.planPrediction(any())).thenReturn(new PredictionPlan(5L, "model-r0", 3, null));
        when(prediction.predictShard(any()))
                .thenAnswer(call -> "pred-shard-" + ((PredictShard) call.getArgument(0)).shard());
        when(prediction.mergePredictions(any())).thenReturn(new Predictions("pred-1", "model-r0"));
        when(scoring.score(any())).thenReturn("scores-1");
        when(selection.query(any())).thenReturn(new QueriedBatch("UNCERTAINTY", false, BATCH));
        // Like the database: the answer counts the batch's labeled images after the write.
        when(labeling.record(any())).thenAnswer(call -> {
            List<LabelEntry> entries = ((RecordLabels) call.getArgument(0)).labels();
            entries.forEach(e -> labeledInDatabase.add(e.fileName()));
            return new LabelsAccepted(entries.size(), 0, labeledInDatabase.size(), BATCH.size());
        });
        when(training.retrain(any())).thenReturn(new TrainedModel("model-r1", 0.75, 2));
        this.env = env;
        when(deadlines.recordNotice(any())).thenAnswer(call -> {
            synchronized (notices) {
                notices.add(call.getArgument(0));
                noticeTimes.add(env.currentTimeMillis());
            }
            return true;
        });

        when(budget.reserve(any()))
                .thenAnswer(call -> new Reservation(((ReserveBudget) call.getArgument(0)).batchSize(), null));

        Worker iterationsWorker = env.newWorker(TaskQueues.ITERATIONS);
        iterationsWorker.registerWorkflowImplementationTypes(IterationWorkflowImpl.class);
        iterationsWorker.registerActivitiesImplementations(iterations, labeling, budget, assignment, deadlines);
        env.newWorker(TaskQueues.ML)
                .registerActivitiesImplementations(embedding, prediction, scoring, selection, training, external);
        env.start();
    }

    /** With {@code -Dneedle.histories.record=DIR}, keeps this test's history for the replay tests. */
    @AfterEach
    void keepHistory(TestInfo test) {
        Histories.keep(env.getWorkflowServiceStubs(), env.getNamespace(), test.getTestMethod().orElseThrow().getName(),
                Set.of("IterationWorkflow"));
    }

    @Test
    void givenOpenIteration_whenAllLabelsArrive_itTriggersRetraining(WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        LabelsAccepted accepted = iteration.submitLabels(labels("pool/a.png", "cat", "pool/b.png", "dog"));

        assertEquals(2, accepted.labeledInBatch());
        assertEquals(2, accepted.batchSize());
        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);
        assertEquals(IterationStatus.COMPLETED, result.status());
        assertEquals("model-r1", result.modelVersion());
        assertEquals(0.75, result.accuracy());
        assertFalse(result.deadlineExpired());
        verify(training).retrain(any());
        verify(iterations).finish(new FinishIteration(ID, IterationStatus.COMPLETED, null));
    }

    @Test
    void givenImportedEmbeddingsAndPredictions_itRecordsThemAsStepOutputsWithoutRunningEmbedOrPredict(
            WorkflowClient client) {
        IterationWorkflow iteration = client.newWorkflowStub(IterationWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.ITERATIONS)
                        .setWorkflowId(IterationWorkflow.workflowId(1, 1)).build());
        WorkflowClient.start(iteration::run, new IterationRequest(ID, 1, 2, 1, "CORAL", 2, 42,
                "objectness_least_confidence", Duration.ofDays(1), "embeddings/imp", "detections/imp", 2, 2, null, null));
        waitForStep(iteration, Step.LABELING);

        verify(embedding, never()).plan(any());
        verify(embedding, never()).embedShard(any());
        verify(prediction, never()).planPrediction(any());
        verify(prediction, never()).predictShard(any());
        ArgumentCaptor<dev.needle.workflows.messages.commands.ScorePredictions> scored = ArgumentCaptor
                .forClass(dev.needle.workflows.messages.commands.ScorePredictions.class);
        verify(scoring).score(scored.capture());
        assertEquals("detections/imp", scored.getValue().predictionsArtifact());
        ArgumentCaptor<QueryBatch> query = ArgumentCaptor.forClass(QueryBatch.class);
        verify(selection).query(query.capture());
        assertEquals("embeddings/imp", query.getValue().embeddingsArtifact());
        assertEquals("scores-1", query.getValue().scoresArtifact());
        assertEquals("embeddings/imp", lastRecordedOutputs().embeddings());
        assertEquals("detections/imp", lastRecordedOutputs().predictions());
    }

    @Test
    void givenShardedSteps_onlyShardsHeartbeat_andAPersonsUploadFailsFast(WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);
        iteration.submitLabels(labels("pool/a.png", "cat"));

        Map<String, ActivityTaskScheduledEventAttributes> scheduled = new HashMap<>();
        for (HistoryEvent event : client.fetchHistory(IterationWorkflow.workflowId(1, 1)).getEvents()) {
            if (event.hasActivityTaskScheduledEventAttributes()) {
                ActivityTaskScheduledEventAttributes activity = event.getActivityTaskScheduledEventAttributes();
                scheduled.putIfAbsent(activity.getActivityType().getName(), activity);
            }
        }
        // Long work heartbeats, so a lost worker is noticed in minutes; planning and merging do not heartbeat, so a
        // heartbeat timeout on them would only kill healthy work.
        assertEquals(120, scheduled.get("EmbedShard").getHeartbeatTimeout().getSeconds());
        assertEquals(6 * 3600, scheduled.get("EmbedShard").getStartToCloseTimeout().getSeconds());
        assertEquals(120, scheduled.get("PredictShard").getHeartbeatTimeout().getSeconds());
        for (String quiet : List.of("Plan", "MergeShards", "PlanPrediction", "MergePredictions", "Score", "Query"))
            assertEquals(0, scheduled.get(quiet).getHeartbeatTimeout().getSeconds(), quiet);
        assertEquals(3, scheduled.get("Record").getRetryPolicy().getMaximumAttempts(), "labels: a few quick attempts");
        assertEquals(10, scheduled.get("RecordStep").getRetryPolicy().getMaximumAttempts());
    }

    @Test
    void givenADetectionBatch_itAcceptsBoxLabelsAndRefusesUnknownBoxClasses(WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        WorkflowUpdateException refused = assertThrows(WorkflowUpdateException.class,
                () -> iteration.submitLabels(new SubmitLabels(List.of(new LabelEntry("pool/a.png", null,
                        List.of(new dev.needle.workflows.messages.values.LabeledBox("horse", 0, 0, 1, 1)))), "a")));
        assertTrue(rootMessage(refused).contains("unknown classes: horse"), rootMessage(refused));
        verify(labeling, never()).record(any());

        LabelsAccepted accepted = iteration.submitLabels(new SubmitLabels(List.of(
                new LabelEntry("pool/a.png", null,
                        List.of(new dev.needle.workflows.messages.values.LabeledBox("cat", 0, 0, 1, 1))),
                new LabelEntry("pool/b.png", null, List.of())), "a"));
        assertEquals(2, accepted.labeledInBatch());
    }

    @Test
    void givenLabelsByReference_theActivityReadsThem_andTheDatabasesCountEndsTheRound(WorkflowClient client) {
        when(labeling.recordStored(any())).thenAnswer(call -> {
            labeledInDatabase.addAll(List.of("pool/a.png", "pool/b.png"));
            return new LabelsAccepted(2, 0, labeledInDatabase.size(), BATCH.size());
        });
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        LabelsAccepted accepted = iteration.submitLabels(SubmitLabels.stored(STORED_A, 2, "annotator", null));

        assertEquals(new LabelsAccepted(2, 0, 2, 2), accepted);
        assertEquals(IterationStatus.COMPLETED,
                WorkflowStub.fromTyped(iteration).getResult(IterationResult.class).status());
        verify(labeling).recordStored(new RecordStoredLabels(ID, 2, STORED_A, "annotator", null));
        verify(labeling, never()).record(any());
        // Through Temporal went the reference: a few hundred bytes, whatever the upload holds.
        for (HistoryEvent event : client.fetchHistory(IterationWorkflow.workflowId(1, 1)).getEvents()) {
            if (event.hasWorkflowExecutionUpdateAcceptedEventAttributes()) {
                assertTrue(event.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest().getInput()
                        .getArgs().getSerializedSize() < 512);
            }
            if (event.hasActivityTaskScheduledEventAttributes() && event.getActivityTaskScheduledEventAttributes()
                    .getActivityType().getName().equals("RecordStored")) {
                ActivityTaskScheduledEventAttributes write = event.getActivityTaskScheduledEventAttributes();
                assertTrue(write.getInput().getSerializedSize() < 512);
                assertEquals(300, write.getStartToCloseTimeout().getSeconds(), "a large upload has minutes");
            }
        }
    }

    @Test
    void givenAReferenceToMoreLabelsThanTheBatchHolds_itIsRefusedBeforeAnyWrite(WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        WorkflowUpdateException refused = assertThrows(WorkflowUpdateException.class,
                () -> iteration.submitLabels(SubmitLabels.stored(STORED_A, 3, "annotator", null)));

        Errors.TypedFailure refusal = Errors.find(refused).orElseThrow();
        assertEquals(Errors.BAD_INPUT, refusal.type());
        assertEquals("labels", refusal.field());
        assertEquals("3 labels for a batch of 2 images", refusal.reason());
        verify(labeling, never()).recordStored(any());
        assertEquals(0, iteration.state().labeled());
    }

    @Test
    void givenTwoUploadsAtOnce_theirWritesTakeTurns_soNoCountIsOvertakenByAnOlderOne(WorkflowClient client) {
        AtomicInteger writing = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        when(labeling.recordStored(any())).thenAnswer(call -> {
            most.accumulateAndGet(writing.incrementAndGet(), Math::max);
            Thread.sleep(300);
            RecordStoredLabels write = call.getArgument(0);
            labeledInDatabase.add(write.labelsArtifact().equals(STORED_A) ? "pool/a.png" : "pool/b.png");
            int count = labeledInDatabase.size();
            writing.decrementAndGet();
            return new LabelsAccepted(1, 0, count, BATCH.size());
        });
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        CompletableFuture<LabelsAccepted> a = CompletableFuture
                .supplyAsync(() -> iteration.submitLabels(SubmitLabels.stored(STORED_A, 1, "ann", null)));
        CompletableFuture<LabelsAccepted> b = CompletableFuture
                .supplyAsync(() -> iteration.submitLabels(SubmitLabels.stored(STORED_B, 1, "bob", null)));

        assertEquals(Set.of(1, 2), Set.of(a.join().labeledInBatch(), b.join().labeledInBatch()));
        assertEquals(1, most.get(), "one label write at a time");
        assertEquals(IterationStatus.COMPLETED,
                WorkflowStub.fromTyped(iteration).getResult(IterationResult.class).status());
    }

    @Test
    void givenALabelFromATool_whenTheToolWithdrawsIt_theRoundWaitsForThatImageAgain(WorkflowClient client) {
        when(labeling.remove(any())).thenAnswer(call -> {
            labeledInDatabase.remove("pool/a.png");
            return List.of("pool/a.png");
        });
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);
        iteration.submitLabels(new SubmitLabels(List.of(new LabelEntry("pool/a.png", "cat")), "tool", "tool:1"));

        var withdrawn = iteration.withdrawLabels(new dev.needle.workflows.messages.commands.WithdrawLabels("tool:1", "tool"));
        assertEquals(List.of("pool/a.png"), withdrawn.fileNames());
        assertEquals(0, withdrawn.labeledInBatch());
        verify(labeling).remove(new dev.needle.workflows.messages.commands.RemoveLabels(ID, "tool:1"));

        iteration.submitLabels(labels("pool/b.png", "dog"));
        assertEquals(Step.LABELING, iteration.state().step(), "one of two images is labeled: the round stays open");
        assertEquals(1, iteration.state().labeled());
    }

    @Test
    void givenAPlanOfThreeShards_whenItEmbeds_eachShardRunsOnceAndTheyMergeInShardOrder(WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        ArgumentCaptor<EmbedShard> shards = ArgumentCaptor.forClass(EmbedShard.class);
        verify(embedding, times(3)).embedShard(shards.capture());
        assertEquals(List.of(0, 1, 2), shards.getAllValues().stream().map(EmbedShard::shard).sorted().toList());
        assertTrue(shards.getAllValues().stream().allMatch(s -> s.shardSize() == 2 && s.embedder().equals("embedder-1")));
        verify(embedding).mergeShards(new MergeShards(ID, 2, "embedder-1", 2, List.of("shard-0", "shard-1", "shard-2")));
        ArgumentCaptor<QueryBatch> query = ArgumentCaptor.forClass(QueryBatch.class);
        verify(selection).query(query.capture());
        assertEquals("emb-1", query.getValue().embeddingsArtifact());
    }

    @Test
    void givenAPlanOfThreePredictionShards_whenItPredicts_eachShardRunsOnceWithThePlannedModelAndTheyMergeInShardOrder(
            WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        verify(prediction).planPrediction(new PlanPrediction(ID, 1, 2, "emb-1", 2));
        ArgumentCaptor<PredictShard> shards = ArgumentCaptor.forClass(PredictShard.class);
        verify(prediction, times(3)).predictShard(shards.capture());
        assertEquals(List.of(0, 1, 2), shards.getAllValues().stream().map(PredictShard::shard).sorted().toList());
        assertTrue(shards.getAllValues().stream().allMatch(s -> s.shardSize() == 2 && s.modelId() == 5
                && s.embeddingsArtifact().equals("emb-1")));
        verify(prediction).mergePredictions(
                new MergePredictions(ID, "model-r0", List.of("pred-shard-0", "pred-shard-1", "pred-shard-2")));
        ArgumentCaptor<dev.needle.workflows.messages.commands.ScorePredictions> scored = ArgumentCaptor
                .forClass(dev.needle.workflows.messages.commands.ScorePredictions.class);
        verify(scoring).score(scored.capture());
        assertEquals("pred-1", scored.getValue().predictionsArtifact());
        assertEquals("model-r0", lastRecordedOutputs().modelUsed());
    }

    @Test
    void givenATrainersOwnPredictions_whenItPredicts_theyAreTheStepsOutputAndNoShardRuns(WorkflowClient client) {
        when(prediction.planPrediction(any()))
                .thenReturn(new PredictionPlan(9L, "detector-r3", 0, "predictions/delivered"));
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        verify(prediction, never()).predictShard(any());
        verify(prediction, never()).mergePredictions(any());
        ArgumentCaptor<ScorePredictions> scored = ArgumentCaptor.forClass(ScorePredictions.class);
        verify(scoring).score(scored.capture());
        assertEquals("predictions/delivered", scored.getValue().predictionsArtifact());
        ArgumentCaptor<QueryBatch> query = ArgumentCaptor.forClass(QueryBatch.class);
        verify(selection).query(query.capture());
        assertEquals("detector-r3", query.getValue().modelVersion(), "the lineage names the trainer's model");
    }

    @Test
    void givenNoModelYet_whenItPredicts_noShardRuns(WorkflowClient client) {
        when(prediction.planPrediction(any())).thenReturn(PredictionPlan.coldStart());
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        verify(prediction, never()).predictShard(any());
        verify(prediction, never()).mergePredictions(any());
        assertNull(lastRecordedOutputs().predictions());
    }

    @Test
    void givenACachedEmbedding_whenItEmbeds_noShardRuns(WorkflowClient client) {
        when(embedding.plan(any())).thenReturn(new EmbeddingPlan("emb-cached", "embedder-1", 5, 3));
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        verify(embedding, never()).embedShard(any());
        verify(embedding, never()).mergeShards(any());
        ArgumentCaptor<QueryBatch> query = ArgumentCaptor.forClass(QueryBatch.class);
        verify(selection).query(query.capture());
        assertEquals("emb-cached", query.getValue().embeddingsArtifact());
    }

    @Test
    void givenNoModelYet_whenItRuns_itSkipsScoringAndQueriesWithoutScores(WorkflowClient client) {
        when(prediction.planPrediction(any())).thenReturn(PredictionPlan.coldStart());
        when(selection.query(any())).thenReturn(new QueriedBatch("CORESET", true, BATCH));
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        verify(scoring, never()).score(any());
        ArgumentCaptor<QueryBatch> query = ArgumentCaptor.forClass(QueryBatch.class);
        verify(selection).query(query.capture());
        assertNull(query.getValue().scoresArtifact());
        assertNull(query.getValue().modelVersion());
        assertTrue(iteration.state().coldStart());
        assertEquals("CORESET", iteration.state().strategyUsed());
    }

    @Test
    void givenOpenIteration_whenTheDeadlinePasses_itRecordsTheExpiryAndRetrainsOnWhatArrived(
            WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(2));
        waitForStep(iteration, Step.LABELING);
        iteration.submitLabels(labels("pool/a.png", "cat"));

        // Time skipping turns the two-day wait into milliseconds.
        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);

        assertTrue(result.deadlineExpired());
        assertEquals(1, result.labeledInBatch());
        assertEquals(IterationStatus.COMPLETED, result.status());
        verify(training).retrain(any());
        assertTrue(lastRecordedOutputs().deadlineExpired());
    }

    @Test
    void givenOpenIteration_whenCancelled_itFinishesCancelledWithoutRetraining(WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        iteration.cancel(new CancelIteration("mlops", "wrong dataset"));

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);
        assertEquals(IterationStatus.CANCELLED, result.status());
        verify(training, never()).retrain(any());
        verify(iterations)
                .finish(new FinishIteration(ID, IterationStatus.CANCELLED, "cancelled by mlops: wrong dataset"));
    }

    @Test
    void givenLabelsAlreadySubmitted_whenTheSameLabelsArriveAgain_theBatchCountDoesNotGrow(WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        LabelsAccepted first = iteration.submitLabels(labels("pool/a.png", "cat"));
        LabelsAccepted second = iteration.submitLabels(labels("pool/a.png", "cat"));

        assertEquals(1, first.labeledInBatch());
        assertEquals(1, second.labeledInBatch());
        assertEquals(Step.LABELING, iteration.state().step());
        iteration.labelingDone(new LabelingDone("annotator"));
        assertEquals(
                IterationStatus.COMPLETED, WorkflowStub.fromTyped(iteration).getResult(IterationResult.class).status());
        verify(labeling, times(2)).record(any());
    }

    @Test
    void givenOpenIteration_whenLabelsNameImagesOutsideTheBatchOrUnknownClasses_theyAreRejectedByName(
            WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        WorkflowUpdateException rejected = assertThrows(
                WorkflowUpdateException.class,
                () -> iteration.submitLabels(labels("pool/zzz.png", "cat", "pool/a.png", "unicorn")));

        for (Throwable c = rejected; c != null; c = c.getCause())
            System.err.println("CHAIN " + c.getClass() + " "
                    + (c instanceof ApplicationFailure a ? a.getType() + " details=" + a.getDetails().getSize() : ""));
        String message = rootMessage(rejected);
        assertTrue(message.contains("pool/zzz.png"), message);
        assertTrue(message.contains("unicorn"), message);
        verify(labeling, never()).record(any());
    }

    @Test
    void givenARoundWhoseLabelingIsOver_whenLabelsArrive_theyAreRefusedAsTheWrongState(WorkflowClient client) {
        CountDownLatch retraining = new CountDownLatch(1);
        when(training.retrain(any())).thenAnswer(call -> {
            retraining.await(30, TimeUnit.SECONDS);
            return new TrainedModel("model-r1", 0.75, 0);
        });
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);
        iteration.labelingDone(new LabelingDone("annotator"));
        waitForStep(iteration, Step.RETRAIN);

        WorkflowUpdateException refused = assertThrows(WorkflowUpdateException.class,
                () -> iteration.submitLabels(labels("pool/a.png", "cat")));
        retraining.countDown();

        Errors.TypedFailure refusal = Errors.find(refused).orElseThrow();
        assertEquals(Errors.WRONG_STATE, refusal.type());
        assertEquals("iteration", refusal.field());
        assertEquals("iteration is not waiting for labels (step RETRAIN)", refusal.reason());
        verify(labeling, never()).record(any());
    }

    @Test
    void givenAFinishedIteration_whenLabelsArrive_theyCannotBeDelivered(WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);
        iteration.cancel(new CancelIteration("mlops", null));
        WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);

        // A finished iteration takes no labels: the update cannot even be delivered.
        assertThrows(Exception.class, () -> iteration.submitLabels(labels("pool/a.png", "cat")));
    }

    @Test
    void givenABudgetThatPaysForPartOfTheBatch_whenTheQueryStepRuns_itSelectsOnlyWhatWasGrantedAndAssignsIt(
            WorkflowClient client) {
        doReturn(new Reservation(1, "shrunk from 2 to 1")).when(budget).reserve(any());
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        ArgumentCaptor<QueryBatch> query = ArgumentCaptor.forClass(QueryBatch.class);
        verify(selection).query(query.capture());
        assertEquals(1, query.getValue().batchSize());
        verify(budget).reserve(new ReserveBudget(ID, 1, 2));
        verify(assignment).assign(ID);
    }

    @Test
    void givenABudgetThatRefusesTheBatch_whenTheQueryStepRuns_nothingIsSelectedAndTheReasonIsRecorded(
            WorkflowClient client) {
        doReturn(new Reservation(0, "needs 2.00 EUR, 1.00 EUR available")).when(budget).reserve(any());
        IterationWorkflow iteration = start(client, Duration.ofDays(3));

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);

        assertEquals(IterationStatus.FAILED, result.status());
        verify(selection, never()).query(any());
        verify(assignment, never()).assign(org.mockito.ArgumentMatchers.anyLong());
        verify(iterations).finish(
                new FinishIteration(ID, IterationStatus.FAILED, "budget: needs 2.00 EUR, 1.00 EUR available"));
    }

    @Test
    void givenAStepThatCanNeverSucceed_whenItFails_theIterationIsRecordedFailedWithTheReason(WorkflowClient client) {
        when(selection.query(any()))
                .thenThrow(ApplicationFailure.newNonRetryableFailure("batchSize: only 1 pool image is unlabeled", "BAD_INPUT"));
        IterationWorkflow iteration = start(client, Duration.ofDays(3));

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);

        assertEquals(IterationStatus.FAILED, result.status());
        verify(iterations).finish(new FinishIteration(ID, IterationStatus.FAILED,
                "QUERY failed: batchSize: only 1 pool image is unlabeled"));
        verify(training, never()).retrain(any());
    }

    @Test
    void givenAnIterationRecordedUpToLabeling_whenItResumes_itRunsNoEarlierStepAndKeepsItsLabels(
            WorkflowClient client) {
        long deadline = System.currentTimeMillis() + Duration.ofDays(1).toMillis();
        when(iterations.load(ID))
                .thenReturn(
                        new IterationProgress(
                                Step.LABELING,
                                // As rows from before the opening time was recorded: the deadline alone.
                                new StepOutputs("emb-1", null, null, "scores-1", null, null, null, deadline, false,
                                        false, null, null, null),
                                BATCH,
                                Set.of("pool/a.png"),
                                List.of("cat", "dog"),
                                null,
                                null));
        labeledInDatabase.add("pool/a.png");
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        assertEquals(1, iteration.state().labeled());
        iteration.submitLabels(labels("pool/b.png", "dog"));

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);
        assertEquals(IterationStatus.COMPLETED, result.status());
        assertEquals(2, result.labeledInBatch());
        verify(embedding, never()).plan(any());
        verify(embedding, never()).embedShard(any());
        verify(prediction, never()).planPrediction(any());
        verify(prediction, never()).predictShard(any());
        verify(scoring, never()).score(any());
        verify(selection, never()).query(any());
    }

    @Test
    void givenACancelRecordedBeforeACrash_whenTheRoundResumes_itEndsCancelledWithoutAnotherStep(WorkflowClient client) {
        when(iterations.load(ID)).thenReturn(recordedAtLabeling(null, new CancelIteration("mlops", "wrong dataset")));
        IterationWorkflow iteration = start(client, Duration.ofDays(3));

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);

        assertEquals(IterationStatus.CANCELLED, result.status());
        verify(iterations).finish(new FinishIteration(ID, IterationStatus.CANCELLED, "cancelled by mlops: wrong dataset"));
        verify(iterations, never()).recordStep(any());
        verify(training, never()).retrain(any());
    }

    @Test
    void givenLabelingDoneRecordedBeforeACrash_whenTheRoundResumesAtLabeling_itRetrainsWithoutWaitingForTheDeadline(
            WorkflowClient client) {
        when(iterations.load(ID)).thenReturn(recordedAtLabeling(new LabelingDone("annotator"), null));
        IterationWorkflow iteration = start(client, Duration.ofDays(3));

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);

        assertEquals(IterationStatus.COMPLETED, result.status());
        assertFalse(result.deadlineExpired(), "the round was done in time, not expired");
        assertEquals(1, result.labeledInBatch());
        verify(training).retrain(any());
        verify(iterations).finish(new FinishIteration(ID, IterationStatus.COMPLETED, null));
        assertTrue(notices.isEmpty(), "no deadline notice: " + notices);
    }

    /** A round recorded up to LABELING with one of its two images labeled and what the API acknowledged. */
    private static IterationProgress recordedAtLabeling(LabelingDone done, CancelIteration cancel) {
        long opened = System.currentTimeMillis();
        return new IterationProgress(Step.LABELING,
                StepOutputs.NONE.embedded("emb-1").scored("scores-1").queried("UNCERTAINTY", false)
                        .labelingOpened(opened, opened + Duration.ofDays(3).toMillis()),
                BATCH, Set.of("pool/a.png"), List.of("cat", "dog"), done, cancel);
    }

    @Test
    void givenAFiveDayRoundWithRemindersAtHalfAndNinetyPercent_whenNobodyLabels_eachReminderFallsOnTimeThenItProceeds(
            WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(5),
                new DeadlineRules(DeadlinePolicy.PROCEED, Duration.ZERO, List.of(0.9, 0.5)), null);

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);

        assertEquals(IterationStatus.COMPLETED, result.status());
        assertTrue(result.deadlineExpired());
        assertEquals(List.of(DeadlineNotice.Kind.REMINDER, DeadlineNotice.Kind.REMINDER, DeadlineNotice.Kind.EXPIRED),
                notices.stream().map(DeadlineNotice::kind).toList());
        assertEquals(0.5, notices.get(0).fraction());
        assertEquals(0.9, notices.get(1).fraction());
        long opened = recordedOutputs(Step.LABELING).labelingStarted();
        assertDaysAfter(2.5, opened, noticeTimes.get(0));
        assertDaysAfter(4.5, opened, noticeTimes.get(1));
        assertDaysAfter(5, opened, noticeTimes.get(2));
        assertEquals(opened + Duration.ofDays(5).toMillis(), notices.get(2).deadline());
        assertEquals(0, notices.get(0).labeled());
        assertEquals(2, notices.get(0).batchSize());
        verify(deadlines, times(3)).sendNotice(any());
        verify(training).retrain(any());
    }

    @Test
    void givenReminders_whenTheBatchIsLabeledBeforeTheFirst_noReminderIsSent(WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(4),
                new DeadlineRules(DeadlinePolicy.PROCEED, Duration.ZERO, List.of(0.5)), null);
        waitForStep(iteration, Step.LABELING);
        iteration.submitLabels(labels("pool/a.png", "cat", "pool/b.png", "dog"));

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);

        assertFalse(result.deadlineExpired());
        assertTrue(notices.isEmpty(), "notices: " + notices);
        verify(deadlines, never()).sendNotice(any());
    }

    @Test
    void givenAReminderRecordedBeforeARestart_whenTheResumedRoundReachesItAgain_itIsNotSentTwice(
            WorkflowClient client) {
        when(deadlines.recordNotice(any())).thenReturn(false);
        IterationWorkflow iteration = start(client, Duration.ofDays(2),
                new DeadlineRules(DeadlinePolicy.PROCEED, Duration.ZERO, List.of(0.5)), null);

        WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);

        verify(deadlines, times(2)).recordNotice(any());
        verify(deadlines, never()).sendNotice(any());
    }

    @Test
    void givenANotificationWebhookThatIsDown_whenAReminderFallsDue_theRoundGoesOn(WorkflowClient client) {
        org.mockito.Mockito.doThrow(new IllegalStateException("connection refused")).when(deadlines).sendNotice(any());
        IterationWorkflow iteration = start(client, Duration.ofDays(2),
                new DeadlineRules(DeadlinePolicy.PROCEED, Duration.ZERO, List.of(0.5)), null);

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);

        assertEquals(IterationStatus.COMPLETED, result.status());
        verify(deadlines, times(10)).sendNotice(any()); // 5 attempts for each of the reminder and the expiry
    }

    @Test
    void givenTheExtendPolicy_whenLabelsArriveDuringTheExtension_theRoundEndsInTimeAfterOneExtension(
            WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(3),
                new DeadlineRules(DeadlinePolicy.EXTEND, Duration.ofDays(2), List.of()), null);
        waitForStep(iteration, Step.LABELING);
        env.sleep(Duration.ofDays(4));
        assertEquals(Step.LABELING, iteration.state().step(), "day 4 is inside the extension");

        iteration.submitLabels(labels("pool/a.png", "cat", "pool/b.png", "dog"));

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);
        assertEquals(IterationStatus.COMPLETED, result.status());
        assertFalse(result.deadlineExpired());
        long opened = recordedOutputs(Step.LABELING).labelingStarted();
        assertEquals(List.of(DeadlineNotice.Kind.EXTENDED), notices.stream().map(DeadlineNotice::kind).toList());
        assertEquals(opened + Duration.ofDays(5).toMillis(), notices.get(0).deadline());
        assertDaysAfter(3, opened, noticeTimes.get(0));
        assertTrue(lastRecordedOutputs().deadlineExtended());
    }

    @Test
    void givenTheExtendPolicy_whenTheExtensionPassesToo_itExtendsOnlyOnceThenProceeds(WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(3),
                new DeadlineRules(DeadlinePolicy.EXTEND, Duration.ofDays(2), List.of()), null);
        waitForStep(iteration, Step.LABELING);
        iteration.submitLabels(labels("pool/a.png", "cat"));

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);

        assertEquals(IterationStatus.COMPLETED, result.status());
        assertTrue(result.deadlineExpired());
        assertEquals(List.of(DeadlineNotice.Kind.EXTENDED, DeadlineNotice.Kind.EXPIRED),
                notices.stream().map(DeadlineNotice::kind).toList());
        long opened = recordedOutputs(Step.LABELING).labelingStarted();
        assertDaysAfter(5, opened, noticeTimes.get(1));
        assertEquals(1, notices.get(1).labeled());
        verify(training).retrain(any());
    }

    @Test
    void givenTheCancelPolicy_whenTheDeadlinePasses_theRoundIsCancelledWithoutRetraining(WorkflowClient client) {
        IterationWorkflow iteration = start(client, Duration.ofDays(2),
                new DeadlineRules(DeadlinePolicy.CANCEL, Duration.ZERO, List.of()), null);
        waitForStep(iteration, Step.LABELING);
        iteration.submitLabels(labels("pool/a.png", "cat"));

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);

        assertEquals(IterationStatus.CANCELLED, result.status());
        assertTrue(result.deadlineExpired());
        assertEquals(DeadlineNotice.Kind.EXPIRED, notices.get(0).kind());
        assertEquals(DeadlinePolicy.CANCEL, notices.get(0).policy());
        verify(training, never()).retrain(any());
        verify(iterations).finish(new FinishIteration(ID, IterationStatus.CANCELLED,
                "labeling deadline passed with 1 of 2 labels (deadline policy CANCEL)"));
    }

    @Test
    void givenAWebhookTrainer_whenTheRoundIsLabeled_itHandsTheLabeledSetToItAndRecordsItsModel(WorkflowClient client) {
        when(external.trainByWebhook(any())).thenReturn(new TrainedModel("resnet-7", 0.91, 2));
        IterationWorkflow iteration = start(client, Duration.ofDays(3), null,
                new RetrainTrigger(TrainerKind.WEBHOOK, Duration.ofHours(1), 2));
        waitForStep(iteration, Step.LABELING);
        iteration.submitLabels(labels("pool/a.png", "cat", "pool/b.png", "dog"));

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);

        assertEquals("resnet-7", result.modelVersion());
        assertEquals(0.91, result.accuracy());
        verify(external).trainByWebhook(new ExternalRetrain(ID, 1, 2, 1, "model-r0"));
        verify(training, never()).retrain(any());
        verify(external, never()).trainByKubernetesJob(any());
    }

    @Test
    void givenAKubernetesTrainer_whenTheRoundIsLabeled_itRunsTheJobTrigger(WorkflowClient client) {
        when(external.trainByKubernetesJob(any())).thenReturn(new TrainedModel("job-model", null, 2));
        IterationWorkflow iteration = start(client, Duration.ofDays(3), null,
                new RetrainTrigger(TrainerKind.KUBERNETES, Duration.ofHours(1), 1));
        waitForStep(iteration, Step.LABELING);
        iteration.labelingDone(new LabelingDone("annotator"));

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);

        assertEquals("job-model", result.modelVersion());
        assertNull(result.accuracy());
        verify(external).trainByKubernetesJob(any());
        verify(training, never()).retrain(any());
    }

    @Test
    void givenAnExternalTrainerThatFailsEveryAttempt_whenRetraining_theIterationFailsAtRetrainWithTheReason(
            WorkflowClient client) {
        when(external.trainByWebhook(any())).thenThrow(new IllegalStateException("trainer answered 500"));
        IterationWorkflow iteration = start(client, Duration.ofDays(3), null,
                new RetrainTrigger(TrainerKind.WEBHOOK, Duration.ofHours(1), 2));
        waitForStep(iteration, Step.LABELING);
        iteration.labelingDone(new LabelingDone("annotator"));

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);

        assertEquals(IterationStatus.FAILED, result.status());
        verify(external, times(2)).trainByWebhook(any());
        verify(iterations).finish(new FinishIteration(ID, IterationStatus.FAILED, "RETRAIN failed: trainer answered 500"));
    }

    private IterationWorkflow start(WorkflowClient client, Duration deadline) {
        return start(client, deadline, null, null);
    }

    private IterationWorkflow start(WorkflowClient client, Duration deadline, DeadlineRules rules, RetrainTrigger trainer) {
        IterationWorkflow iteration = client.newWorkflowStub(
                IterationWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TaskQueues.ITERATIONS)
                        .setWorkflowId(IterationWorkflow.workflowId(1, 1))
                        .build());
        WorkflowClient.start(
                iteration::run,
                new IterationRequest(ID, 1, 2, 1, "UNCERTAINTY", 2, 42, "uncertainty_margin", deadline, null, null, 2, 2,
                        rules, trainer));
        return iteration;
    }

    private static void waitForStep(IterationWorkflow iteration, Step step) {
        for (int i = 0; i < 500; i++) {
            if (iteration.state().step() == step)
                return;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("iteration never reached " + step + ", it is at " + iteration.state().step());
    }

    private StepOutputs lastRecordedOutputs() {
        ArgumentCaptor<RecordStep> steps = ArgumentCaptor.forClass(RecordStep.class);
        verify(iterations, org.mockito.Mockito.atLeastOnce()).recordStep(steps.capture());
        List<RecordStep> all = steps.getAllValues();
        return all.get(all.size() - 1).outputs();
    }

    private StepOutputs recordedOutputs(Step step) {
        ArgumentCaptor<RecordStep> steps = ArgumentCaptor.forClass(RecordStep.class);
        verify(iterations, org.mockito.Mockito.atLeastOnce()).recordStep(steps.capture());
        return steps.getAllValues().stream().filter(s -> s.step() == step).findFirst().orElseThrow().outputs();
    }

    private static void assertDaysAfter(double days, long from, long at) {
        assertEquals(days * 24, (at - from) / 3_600_000.0, 0.01, "hours after the round opened");
    }

    private static IterationProgress freshProgress() {
        return new IterationProgress(null, StepOutputs.NONE, List.of(), Set.of(), List.of("cat", "dog"), null, null);
    }

    private static SubmitLabels labels(String... fileAndLabel) {
        List<LabelEntry> entries = new ArrayList<>();
        for (int i = 0; i < fileAndLabel.length; i += 2) {
            entries.add(new LabelEntry(fileAndLabel[i], fileAndLabel[i + 1]));
        }
        return new SubmitLabels(entries, "annotator");
    }

    private static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause())
            all.append(c.getMessage()).append(" | ");
        return all.toString();
    }

    private static <T> T activityMock(Class<T> type) {
        return mock(type, withSettings().withoutAnnotations());
    }
}
