package dev.needle.workflows.campaign;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

import dev.needle.workflows.messages.commands.CampaignRequest;
import dev.needle.workflows.messages.commands.CampaignSignal;
import dev.needle.workflows.messages.queries.CampaignState;
import dev.needle.workflows.messages.values.StopReason;

/** Runs a project's iterations back to back, each as a child workflow, until a stopping rule or a person stops it. */
@WorkflowInterface
public interface CampaignWorkflow {

    static String workflowId(long projectId, long campaignId) {
        return "campaign-" + projectId + "-" + campaignId;
    }

    @WorkflowMethod
    StopReason run(CampaignRequest request);

    @QueryMethod
    CampaignState state();

    /** Takes effect between rounds: the round running goes on, no new one starts. */
    @SignalMethod
    void pause(CampaignSignal signal);

    @SignalMethod
    void resume(CampaignSignal signal);

    /** Cancels the round running (its unused budget is released) and ends the campaign. */
    @SignalMethod
    void stop(CampaignSignal signal);
}
