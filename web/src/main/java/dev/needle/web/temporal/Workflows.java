package dev.needle.web.temporal;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.logging.Log;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;

import dev.needle.activities.campaign.Campaign;
import dev.needle.activities.campaign.CampaignSettings;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRows;
import dev.needle.workflows.TaskQueues;
import dev.needle.workflows.campaign.CampaignWorkflow;
import dev.needle.workflows.iteration.IterationWorkflow;
import dev.needle.workflows.messages.commands.CampaignRequest;
import dev.needle.workflows.messages.values.CampaignProgress;
import dev.needle.workflows.messages.values.Progress;
import dev.needle.workflows.messages.values.ShardCheckpoint;

/**
 * The web layer's calls to Temporal for iterations and campaigns: starting their workflows, asking whether one runs,
 * and the progress its activities report. Callers hold no transaction while they call: a slow Temporal must not keep
 * a database connection.
 */
@ApplicationScoped
public class Workflows {

    @Inject
    WorkflowClient temporal;
    @Inject
    IterationRows rows;

    /** Starts (or restarts) the iteration's workflow; it picks up from whatever the database has recorded. */
    public void launch(Iteration iteration) {
        IterationWorkflow workflow = temporal.newWorkflowStub(IterationWorkflow.class, options(iteration.workflowId));
        try {
            WorkflowClient.start(workflow::run, rows.request(iteration));
        } catch (WorkflowExecutionAlreadyStarted e) {
            Log.debugf("Workflow %s is already running", iteration.workflowId);
        }
    }

    /** Starts (or restarts) a campaign's workflow from {@code progress}: the rounds it has done. */
    public void launch(Campaign campaign, CampaignProgress progress) {
        CampaignSettings settings = CampaignSettings.fromJson(campaign.settings);
        CampaignWorkflow workflow = temporal.newWorkflowStub(CampaignWorkflow.class, options(campaign.workflowId));
        WorkflowClient.start(workflow::run, new CampaignRequest(campaign.id, campaign.projectId, settings.rules(),
                settings.continueAsNewEvery(), progress));
    }

    private static WorkflowOptions options(String workflowId) {
        return WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.ITERATIONS)
                .setWorkflowId(workflowId)
                // A lost workflow is started again under the same business key.
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build();
    }

    public IterationWorkflow iteration(Iteration iteration) {
        return temporal.newWorkflowStub(IterationWorkflow.class, iteration.workflowId);
    }

    public CampaignWorkflow campaign(Campaign campaign) {
        return temporal.newWorkflowStub(CampaignWorkflow.class, campaign.workflowId);
    }

    /** Whether Temporal runs a workflow of this id (an iteration's or a campaign's). */
    public boolean isRunning(String workflowId) {
        return describe(workflowId).map(d -> d.getWorkflowExecutionInfo().getStatus())
                .filter(status -> status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)
                .isPresent();
    }

    /**
     * What the workflow's running activities report in their heartbeats: long activities send their progress that way
     * (embedding shards: a checkpoint that reads as one). Empty when Temporal has no such workflow (e.g. the embedded
     * server restarted).
     */
    public List<Progress> heartbeats(String workflowId) {
        DataConverter converter = temporal.getOptions().getDataConverter();
        return describe(workflowId).stream()
                .flatMap(d -> d.getPendingActivitiesList().stream())
                .filter(activity -> activity.hasHeartbeatDetails())
                .flatMap(activity -> progressOf(converter, activity.getHeartbeatDetails()).stream())
                .toList();
    }

    /**
     * A heartbeat's detail as progress, read as the wider record: a plain Progress detail is a checkpoint without
     * chunks. Other details carry none (the Kubernetes trainer's watcher sends the name of the Job it watches).
     */
    static Optional<Progress> progressOf(DataConverter converter, Payloads details) {
        try {
            return Optional.ofNullable(
                    converter.fromPayloads(0, Optional.of(details), ShardCheckpoint.class, ShardCheckpoint.class))
                    .map(checkpoint -> new Progress(checkpoint.done(), checkpoint.total()));
        } catch (DataConverterException e) {
            return Optional.empty();
        }
    }

    private Optional<DescribeWorkflowExecutionResponse> describe(String workflowId) {
        try {
            return Optional.of(temporal.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(temporal.getOptions().getNamespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND)
                return Optional.empty();
            throw e;
        }
    }
}
