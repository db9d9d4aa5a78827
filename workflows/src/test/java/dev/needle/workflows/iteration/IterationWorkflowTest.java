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
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;

import dev.needle.workflows.TaskQueues;
import dev.needle.workflows.assignment.AssignmentActivities;
import dev.needle.workflows.budget.BudgetActivities;
import dev.needle.workflows.embedding.EmbeddingActivities;
import dev.needle.workflows.labeling.LabelingActivities;
import dev.needle.workflows.messages.commands.CancelIteration;
import dev.needle.workflows.messages.commands.EmbedShard;
import dev.needle.workflows.messages.commands.FinishIteration;
import dev.needle.workflows.messages.commands.IterationRequest;
import dev.needle.workflows.messages.commands.LabelingDone;
import dev.needle.workflows.messages.commands.MergeShards;
import dev.needle.workflows.messages.commands.QueryBatch;
import dev.needle.workflows.messages.commands.RecordLabels;
import dev.needle.workflows.messages.commands.RecordStep;
import dev.needle.workflows.messages.commands.ReserveBudget;
import dev.needle.workflows.messages.commands.SubmitLabels;
import dev.needle.workflows.messages.queries.IterationProgress;
import dev.needle.workflows.messages.queries.IterationResult;
import dev.needle.workflows.messages.queries.LabelsAccepted;
import dev.needle.workflows.messages.values.BatchItem;
import dev.needle.workflows.messages.values.EmbeddingPlan;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.LabelEntry;
import dev.needle.workflows.messages.values.Predictions;
import dev.needle.workflows.messages.values.QueriedBatch;
import dev.needle.workflows.messages.values.Reservation;
import dev.needle.workflows.messages.values.Step;
import dev.needle.workflows.messages.values.TrainedModel;
import dev.needle.workflows.prediction.PredictionActivities;
import dev.needle.workflows.scoring.ScoringActivities;
import dev.needle.workflows.selection.SelectionActivities;
import dev.needle.workflows.training.TrainingActivities;

class IterationWorkflowTest {

    @RegisterExtension
    static final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder().setDoNotStart(true)
            .setUseTimeskipping(true).build();

    private static final long ID = 7;
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

    @BeforeEach
    void givenActivitiesThatSucceed(TestWorkflowEnvironment env) {
        when(iterations.load(ID)).thenReturn(freshProgress());
        when(embedding.plan(any())).thenReturn(new EmbeddingPlan(null, "embedder-1", 5, 3));
        when(embedding.embedShard(any())).thenAnswer(call -> "shard-" + ((EmbedShard) call.getArgument(0)).shard());
        when(embedding.mergeShards(any())).thenReturn("emb-1");
        when(prediction.predict(any())).thenReturn(new Predictions("pred-1", "model-r0"));
        when(scoring.score(any())).thenReturn("scores-1");
        when(selection.query(any())).thenReturn(new QueriedBatch("UNCERTAINTY", false, BATCH));
        when(labeling.record(any()))
                .thenAnswer(call -> new LabelsAccepted(((RecordLabels) call.getArgument(0)).labels().size(), 0, 0, 0));
        when(training.retrain(any())).thenReturn(new TrainedModel("model-r1", 0.75, 2));
        when(budget.reserve(any()))
                .thenAnswer(call -> new Reservation(((ReserveBudget) call.getArgument(0)).batchSize(), null));

        Worker iterationsWorker = env.newWorker(TaskQueues.ITERATIONS);
        iterationsWorker.registerWorkflowImplementationTypes(IterationWorkflowImpl.class);
        iterationsWorker.registerActivitiesImplementations(iterations, labeling, budget, assignment);
        env.newWorker(TaskQueues.ML)
                .registerActivitiesImplementations(embedding, prediction, scoring, selection, training);
        env.start();
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
                "objectness_least_confidence", Duration.ofDays(1), "embeddings/imp", "detections/imp", 2, 2));
        waitForStep(iteration, Step.LABELING);

        verify(embedding, never()).embed(any());
        verify(prediction, never()).predict(any());
        ArgumentCaptor<dev.needle.workflows.messages.commands.ScorePredictions> scored = ArgumentCaptor
                .forClass(dev.needle.workflows.messages.commands.ScorePredictions.class);
        verify(scoring).score(scored.capture());
        assertEquals("detections/imp", scored.getValue().predictionsArtifact());
        ArgumentCaptor<QueryBatch> query = ArgumentCaptor.forClass(QueryBatch.class);
        verify(selection).query(query.capture());
        assertEquals("embeddings/imp", query.getValue().embeddingsArtifact());
        assertEquals("scores-1", query.getValue().scoresArtifact());
        assertEquals("embeddings/imp", lastRecordedOutputs().get(Outputs.EMBEDDINGS));
        assertEquals("detections/imp", lastRecordedOutputs().get(Outputs.PREDICTIONS));
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
    void givenALabelFromATool_whenTheToolWithdrawsIt_theRoundWaitsForThatImageAgain(WorkflowClient client) {
        when(labeling.remove(any())).thenReturn(List.of("pool/a.png"));
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
        when(prediction.predict(any())).thenReturn(Predictions.coldStart());
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
        assertEquals("true", lastRecordedOutputs().get(Outputs.DEADLINE_EXPIRED));
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

        String message = rootMessage(rejected);
        assertTrue(message.contains("pool/zzz.png"), message);
        assertTrue(message.contains("unicorn"), message);
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
                                Map.of(
                                        Outputs.EMBEDDINGS, "emb-1",
                                        Outputs.SCORES, "scores-1",
                                        Outputs.LABELING_DEADLINE, Long.toString(deadline)),
                                BATCH,
                                Set.of("pool/a.png"),
                                List.of("cat", "dog")));
        IterationWorkflow iteration = start(client, Duration.ofDays(3));
        waitForStep(iteration, Step.LABELING);

        assertEquals(1, iteration.state().labeled());
        iteration.submitLabels(labels("pool/b.png", "dog"));

        IterationResult result = WorkflowStub.fromTyped(iteration).getResult(IterationResult.class);
        assertEquals(IterationStatus.COMPLETED, result.status());
        assertEquals(2, result.labeledInBatch());
        verify(embedding, never()).plan(any());
        verify(embedding, never()).embedShard(any());
        verify(prediction, never()).predict(any());
        verify(scoring, never()).score(any());
        verify(selection, never()).query(any());
    }

    private IterationWorkflow start(WorkflowClient client, Duration deadline) {
        IterationWorkflow iteration = client.newWorkflowStub(
                IterationWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TaskQueues.ITERATIONS)
                        .setWorkflowId(IterationWorkflow.workflowId(1, 1))
                        .build());
        WorkflowClient.start(
                iteration::run,
                new IterationRequest(ID, 1, 2, 1, "UNCERTAINTY", 2, 42, "uncertainty_margin", deadline, null, null, 2, 2));
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

    private Map<String, String> lastRecordedOutputs() {
        ArgumentCaptor<RecordStep> steps = ArgumentCaptor.forClass(RecordStep.class);
        verify(iterations, org.mockito.Mockito.atLeastOnce()).recordStep(steps.capture());
        List<RecordStep> all = steps.getAllValues();
        return all.get(all.size() - 1).outputs();
    }

    private static IterationProgress freshProgress() {
        return new IterationProgress(null, Map.of(), List.of(), Set.of(), List.of("cat", "dog"));
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
