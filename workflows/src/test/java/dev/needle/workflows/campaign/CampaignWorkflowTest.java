package dev.needle.workflows.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.workflow.Workflow;

import dev.needle.workflows.TaskQueues;
import dev.needle.workflows.history.Histories;
import dev.needle.workflows.iteration.IterationWorkflow;
import dev.needle.workflows.messages.commands.CampaignRequest;
import dev.needle.workflows.messages.commands.CampaignSignal;
import dev.needle.workflows.messages.commands.CancelIteration;
import dev.needle.workflows.messages.commands.FinishCampaign;
import dev.needle.workflows.messages.commands.IterationRequest;
import dev.needle.workflows.messages.commands.LabelingDone;
import dev.needle.workflows.messages.commands.RecordCampaignState;
import dev.needle.workflows.messages.commands.RecordRound;
import dev.needle.workflows.messages.commands.SubmitLabels;
import dev.needle.workflows.messages.commands.WithdrawLabels;
import dev.needle.workflows.messages.queries.CampaignState;
import dev.needle.workflows.messages.queries.IterationResult;
import dev.needle.workflows.messages.queries.IterationState;
import dev.needle.workflows.messages.queries.LabelsAccepted;
import dev.needle.workflows.messages.queries.LabelsWithdrawn;
import dev.needle.workflows.messages.values.BudgetCheck;
import dev.needle.workflows.messages.values.CampaignProgress;
import dev.needle.workflows.messages.values.CampaignStatus;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.StopReason;
import dev.needle.workflows.messages.values.StoppingRules;

class CampaignWorkflowTest {

    @RegisterExtension
    static final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder().setDoNotStart(true)
            .setUseTimeskipping(true).build();

    private static final long CAMPAIGN = 3;
    private static final long PROJECT = 1;

    /** Accuracy each round's iteration reports, by round; rounds in {@link #WAITING} wait for labelingDone. */
    static final Map<Integer, Double> ACCURACY = new ConcurrentHashMap<>();
    static final Map<Integer, Boolean> WAITING = new ConcurrentHashMap<>();

    private final CampaignActivities activities = mock(CampaignActivities.class,
            withSettings().withoutAnnotations());
    private final AtomicInteger rounds = new AtomicInteger();

    /** Stands in for the iteration workflow: reports the scripted accuracy, or waits to be told the round is over. */
    public static class ScriptedIteration implements IterationWorkflow {
        private boolean done;
        private CancelIteration cancelled;

        @Override
        public IterationResult run(IterationRequest request) {
            if (WAITING.getOrDefault(request.round(), false))
                Workflow.await(() -> done || cancelled != null);
            if (cancelled != null)
                return new IterationResult(IterationStatus.CANCELLED, null, null, 0, false);
            return new IterationResult(IterationStatus.COMPLETED, "m" + request.round(),
                    ACCURACY.get(request.round()), 10, false);
        }

        @Override
        public IterationState state() {
            return null;
        }

        @Override
        public LabelsAccepted submitLabels(SubmitLabels labels) {
            return null;
        }

        @Override
        public void validateLabels(SubmitLabels labels) {
        }

        @Override
        public LabelsWithdrawn withdrawLabels(WithdrawLabels withdraw) {
            return null;
        }

        @Override
        public void validateWithdraw(WithdrawLabels withdraw) {
        }

        @Override
        public void labelingDone(LabelingDone signal) {
            done = true;
        }

        @Override
        public void cancel(CancelIteration cancel) {
            cancelled = cancel;
        }
    }

    @BeforeEach
    void givenACampaignThatCanAffordEveryRound(TestWorkflowEnvironment env) {
        ACCURACY.clear();
        WAITING.clear();
        when(activities.checkBudget(anyLong())).thenReturn(new BudgetCheck(false, null));
        when(activities.startRound(CAMPAIGN)).thenAnswer(call -> {
            int round = rounds.incrementAndGet();
            return new IterationRequest(100 + round, PROJECT, 2, round, "RANDOM", 10, 0, "uncertainty_margin",
                    Duration.ofDays(3), null, null, 1000, 1, null, null);
        });
        var worker = env.newWorker(TaskQueues.ITERATIONS);
        worker.registerWorkflowImplementationTypes(CampaignWorkflowImpl.class, ScriptedIteration.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
    }

    /**
     * With {@code -Dneedle.histories.record=DIR}, keeps this test's campaign history for the replay tests (its rounds
     * are scripted stand-ins, not the iteration workflow, so only the campaign's own history is kept).
     */
    @AfterEach
    void keepHistory(TestWorkflowEnvironment env, TestInfo test) {
        Histories.keep(env.getWorkflowServiceStubs(), env.getNamespace(), test.getTestMethod().orElseThrow().getName(),
                Set.of("CampaignWorkflow"));
    }

    @Test
    void givenMaxRounds_whenTheyAreDone_itStopsWithMaxRounds(WorkflowClient client) {
        accuracies(0.5, 0.6, 0.7, 0.8);

        StopReason reason = run(client, new StoppingRules(null, null, null, 3), 10);

        assertEquals(StopReason.MAX_ROUNDS, reason);
        verify(activities, times(3)).startRound(CAMPAIGN);
        verify(activities).finishCampaign(new FinishCampaign(CAMPAIGN, StopReason.MAX_ROUNDS, "3 of 3 rounds done"));
    }

    @Test
    void givenATargetAccuracy_whenARoundReachesIt_itStopsThere(WorkflowClient client) {
        accuracies(0.5, 0.85, 0.9);

        StopReason reason = run(client, new StoppingRules(0.8, null, null, 10), 10);

        assertEquals(StopReason.TARGET_REACHED, reason);
        verify(activities, times(2)).startRound(CAMPAIGN);
        verify(activities).recordRound(new RecordRound(CAMPAIGN, 2, IterationStatus.COMPLETED, 0.85));
    }

    @Test
    void givenAPlateauRule_whenTheLastRoundsImproveByLessThanEpsilon_itStopsOnThePlateau(WorkflowClient client) {
        // Round 3 still beats round 1 by 0.105; rounds 3 and 4 beat rounds 1-2's best (0.6) by only 0.005.
        accuracies(0.5, 0.6, 0.605, 0.603, 0.9);

        StopReason reason = run(client, new StoppingRules(null, 0.01, 2, 10), 10);

        assertEquals(StopReason.PLATEAU, reason);
        verify(activities, times(4)).startRound(CAMPAIGN);
    }

    @Test
    void givenABudgetThatRunsOut_whenTheNextRoundCannotBePaidFor_itStopsWithBudgetExhausted(WorkflowClient client) {
        accuracies(0.5, 0.6, 0.7);
        when(activities.checkBudget(CAMPAIGN)).thenReturn(new BudgetCheck(false, null), new BudgetCheck(false, null),
                new BudgetCheck(true, "2.00 EUR left; the next batch needs 10.00 EUR"));

        StopReason reason = run(client, new StoppingRules(null, null, null, 10), 10);

        assertEquals(StopReason.BUDGET_EXHAUSTED, reason);
        verify(activities, times(2)).startRound(CAMPAIGN);
        verify(activities).finishCampaign(new FinishCampaign(CAMPAIGN, StopReason.BUDGET_EXHAUSTED,
                "2.00 EUR left; the next batch needs 10.00 EUR"));
    }

    @Test
    void givenARunningCampaign_whenPausedResumedAndStopped_itWaitsBetweenRoundsThenCancelsTheRoundInProgress(
            WorkflowClient client) {
        accuracies(0.5, 0.6, 0.7);
        WAITING.put(1, true);
        WAITING.put(2, true);
        CampaignWorkflow campaign = start(client, new StoppingRules(null, null, null, 10), 10);
        await(campaign, s -> Integer.valueOf(1).equals(s.currentRound()));

        campaign.pause(new CampaignSignal("mlops", null));
        client.newWorkflowStub(IterationWorkflow.class, IterationWorkflow.workflowId(PROJECT, 1))
                .labelingDone(new LabelingDone("annotator"));
        await(campaign, s -> s.roundsDone() == 1 && s.currentRound() == null);
        verify(activities, org.mockito.Mockito.timeout(5000)).recordState(
                new RecordCampaignState(CAMPAIGN, CampaignStatus.PAUSED, null));
        assertEquals(CampaignStatus.PAUSED, campaign.state().status());
        verify(activities, times(1)).startRound(CAMPAIGN);

        campaign.resume(new CampaignSignal("mlops", null));
        await(campaign, s -> Integer.valueOf(2).equals(s.currentRound()));
        campaign.stop(new CampaignSignal("mlops", "enough"));

        assertEquals(StopReason.STOPPED, WorkflowStub.fromTyped(campaign).getResult(StopReason.class));
        verify(activities).recordRound(new RecordRound(CAMPAIGN, 2, IterationStatus.CANCELLED, null));
        verify(activities).finishCampaign(new FinishCampaign(CAMPAIGN, StopReason.STOPPED, "stopped by mlops: enough"));
        verify(activities).recordState(new RecordCampaignState(CAMPAIGN, CampaignStatus.RUNNING, null));
    }

    @Test
    void givenManyRounds_whenTheCampaignRuns_itContinuesAsNewAndCarriesItsProgress(WorkflowClient client) {
        accuracies(0.1, 0.2, 0.3, 0.4, 0.5);
        CampaignWorkflow campaign = start(client, new StoppingRules(null, null, null, 5), 2);
        String firstRun = WorkflowStub.fromTyped(campaign).getExecution().getRunId();

        // The stub follows the chain of runs to the last one's result.
        assertEquals(StopReason.MAX_ROUNDS, WorkflowStub.fromTyped(campaign).getResult(StopReason.class));

        String lastRun = client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                                .setWorkflowId(CampaignWorkflow.workflowId(PROJECT, CAMPAIGN)))
                        .build())
                .getWorkflowExecutionInfo().getExecution().getRunId();
        assertNotEquals(firstRun, lastRun, "the campaign continued as new");
        ArgumentCaptor<RecordRound> recorded = ArgumentCaptor.forClass(RecordRound.class);
        verify(activities, times(5)).recordRound(recorded.capture());
        assertEquals(List.of(1, 2, 3, 4, 5), recorded.getAllValues().stream().map(RecordRound::round).toList());
        CampaignState last = client.newWorkflowStub(CampaignWorkflow.class, CampaignWorkflow.workflowId(PROJECT, CAMPAIGN))
                .state();
        assertEquals(5, last.roundsDone(), "rounds of earlier runs are carried over");
        assertEquals(List.of(0.1, 0.2, 0.3, 0.4, 0.5), last.accuracies());
    }

    private static void accuracies(double... values) {
        for (int i = 0; i < values.length; i++)
            ACCURACY.put(i + 1, values[i]);
    }

    private StopReason run(WorkflowClient client, StoppingRules rules, int continueAsNewEvery) {
        return WorkflowStub.fromTyped(start(client, rules, continueAsNewEvery)).getResult(StopReason.class);
    }

    private CampaignWorkflow start(WorkflowClient client, StoppingRules rules, int continueAsNewEvery) {
        CampaignWorkflow campaign = client.newWorkflowStub(CampaignWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.ITERATIONS)
                .setWorkflowId(CampaignWorkflow.workflowId(PROJECT, CAMPAIGN))
                .build());
        WorkflowClient.start(campaign::run,
                new CampaignRequest(CAMPAIGN, PROJECT, rules, continueAsNewEvery, CampaignProgress.start()));
        return campaign;
    }

    private static void await(CampaignWorkflow campaign, Predicate<CampaignState> condition) {
        for (int i = 0; i < 500; i++) {
            if (condition.test(campaign.state()))
                return;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("campaign never got there: " + campaign.state());
    }
}
