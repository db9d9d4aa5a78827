package dev.needle.workflows.campaign;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;

import dev.needle.workflows.ActivityPolicies;
import dev.needle.workflows.Errors;
import dev.needle.workflows.TaskQueues;
import dev.needle.workflows.iteration.IterationWorkflow;
import dev.needle.workflows.messages.commands.CampaignRequest;
import dev.needle.workflows.messages.commands.CampaignSignal;
import dev.needle.workflows.messages.commands.CancelIteration;
import dev.needle.workflows.messages.commands.FinishCampaign;
import dev.needle.workflows.messages.commands.IterationRequest;
import dev.needle.workflows.messages.commands.RecordCampaignState;
import dev.needle.workflows.messages.commands.RecordRound;
import dev.needle.workflows.messages.queries.CampaignState;
import dev.needle.workflows.messages.queries.IterationResult;
import dev.needle.workflows.messages.values.BudgetCheck;
import dev.needle.workflows.messages.values.CampaignProgress;
import dev.needle.workflows.messages.values.CampaignStatus;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.StopReason;
import dev.needle.workflows.messages.values.StoppingRules;

/**
 * Orchestration only. Rounds run as child workflows under the iteration's own business key, so a campaign's round is
 * the same iteration, with the same API, as one started by hand. Pausing takes effect between rounds; stopping cancels
 * the round in progress. After {@code continueAsNewEvery} rounds the campaign continues as a new run carrying its
 * progress, so its event history stays small however long it runs.
 */
public class CampaignWorkflowImpl implements CampaignWorkflow {

    private static final Logger log = Workflow.getLogger(CampaignWorkflowImpl.class);

    private final CampaignActivities campaigns = Workflow.newActivityStub(CampaignActivities.class,
            ActivityPolicies.bookkeeping(Duration.ofSeconds(30)));

    private final CampaignRequest request;
    private final List<Double> accuracies;
    private int roundsDone;
    private boolean paused;
    private CampaignSignal stopRequest;
    private Integer currentRound;
    private StopReason stopReason;
    private String stopDetail;

    @WorkflowInit
    public CampaignWorkflowImpl(CampaignRequest request) {
        this.request = request;
        this.accuracies = new ArrayList<>(request.progress().accuracies());
        this.roundsDone = request.progress().roundsDone();
        this.paused = request.progress().paused();
    }

    @Override
    public StopReason run(CampaignRequest request) {
        int roundsThisRun = 0;
        while (true) {
            if (paused && stopRequest == null) {
                campaigns.recordState(new RecordCampaignState(request.campaignId(), CampaignStatus.PAUSED, null));
                Workflow.await(() -> !paused || stopRequest != null);
                if (stopRequest == null)
                    campaigns.recordState(new RecordCampaignState(request.campaignId(), CampaignStatus.RUNNING, null));
            }
            if (stopRequest != null)
                return stop(StopReason.STOPPED, stoppedBy());
            Optional<StoppingRules.Verdict> verdict = request.rules().check(roundsDone, accuracies);
            if (verdict.isPresent())
                return stop(verdict.get().reason(), verdict.get().detail());
            BudgetCheck budget = campaigns.checkBudget(request.campaignId());
            if (budget.exhausted())
                return stop(StopReason.BUDGET_EXHAUSTED, budget.detail());
            if (roundsThisRun == request.continueAsNewEvery()) {
                // Between rounds, so no child is running when this run closes.
                Workflow.continueAsNew(request.next(new CampaignProgress(roundsDone, accuracies, paused)));
            }

            IterationRequest round;
            try {
                round = campaigns.startRound(request.campaignId());
            } catch (ActivityFailure failure) {
                return stop(StopReason.ROUND_FAILED, "the next round could not start: " + Errors.rootMessage(failure));
            }
            currentRound = round.round();
            IterationResult result = runRound(round);
            currentRound = null;
            roundsDone++;
            roundsThisRun++;
            accuracies.add(result == null ? null : result.accuracy());
            campaigns.recordRound(new RecordRound(request.campaignId(), round.round(),
                    result == null ? IterationStatus.FAILED : result.status(), result == null ? null : result.accuracy()));
            if (stopRequest != null)
                return stop(StopReason.STOPPED, stoppedBy());
            if (result == null || result.status() != IterationStatus.COMPLETED) {
                // A round the budget refused fails; say so rather than "failed" when that is the reason.
                BudgetCheck after = campaigns.checkBudget(request.campaignId());
                if (after.exhausted())
                    return stop(StopReason.BUDGET_EXHAUSTED, after.detail());
                return stop(StopReason.ROUND_FAILED, "round " + round.round() + " ended "
                        + (result == null ? IterationStatus.FAILED : result.status()));
            }
        }
    }

    /** Runs one iteration as a child workflow; a stop request cancels it. Null if the child itself failed. */
    private IterationResult runRound(IterationRequest round) {
        IterationWorkflow child = Workflow.newChildWorkflowStub(IterationWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(IterationWorkflow.workflowId(round.projectId(), round.round()))
                        .setTaskQueue(TaskQueues.ITERATIONS)
                        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                        .build());
        Promise<IterationResult> result = Async.function(child::run, round);
        Workflow.getWorkflowExecution(child).get();
        Workflow.await(() -> result.isCompleted() || stopRequest != null);
        if (!result.isCompleted())
            child.cancel(new CancelIteration(stopRequest.by(), "campaign stopped" + reasonSuffix(stopRequest)));
        try {
            return result.get();
        } catch (ChildWorkflowFailure failure) {
            log.warn("Round {} of campaign {} failed: {}", round.round(), request.campaignId(),
                    Errors.rootMessage(failure));
            return null;
        }
    }

    private StopReason stop(StopReason reason, String detail) {
        stopReason = reason;
        stopDetail = detail;
        campaigns.finishCampaign(new FinishCampaign(request.campaignId(), reason, detail));
        return reason;
    }

    private String stoppedBy() {
        return "stopped by " + stopRequest.by() + reasonSuffix(stopRequest);
    }

    private static String reasonSuffix(CampaignSignal signal) {
        return signal.reason() == null || signal.reason().isBlank() ? "" : ": " + signal.reason();
    }

    @Override
    public CampaignState state() {
        CampaignStatus status = stopReason != null ? CampaignStatus.STOPPED
                : paused ? CampaignStatus.PAUSED : CampaignStatus.RUNNING;
        return new CampaignState(status, roundsDone, currentRound, new ArrayList<>(accuracies), stopReason, stopDetail);
    }

    @Override
    public void pause(CampaignSignal signal) {
        paused = true;
    }

    @Override
    public void resume(CampaignSignal signal) {
        paused = false;
    }

    @Override
    public void stop(CampaignSignal signal) {
        if (stopRequest == null)
            stopRequest = signal;
    }
}
