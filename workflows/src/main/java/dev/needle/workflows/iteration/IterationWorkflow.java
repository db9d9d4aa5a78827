package dev.needle.workflows.iteration;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

import dev.needle.workflows.messages.commands.CancelIteration;
import dev.needle.workflows.messages.commands.IterationRequest;
import dev.needle.workflows.messages.commands.LabelingDone;
import dev.needle.workflows.messages.commands.SubmitLabels;
import dev.needle.workflows.messages.commands.WithdrawLabels;
import dev.needle.workflows.messages.queries.IterationResult;
import dev.needle.workflows.messages.queries.IterationState;
import dev.needle.workflows.messages.queries.LabelsAccepted;
import dev.needle.workflows.messages.queries.LabelsWithdrawn;

/** One active-learning round: embed → predict → score → query → wait for labeling → retrain. */
@WorkflowInterface
public interface IterationWorkflow {

    /** Business key, so a second start of the same round is refused by Temporal itself. */
    static String workflowId(long projectId, int round) {
        return "iteration-" + projectId + "-" + round;
    }

    @WorkflowMethod
    IterationResult run(IterationRequest request);

    @QueryMethod
    IterationState state();

    /** An update, not a signal: the annotator's tool needs to know whether its labels were taken. */
    @UpdateMethod
    LabelsAccepted submitLabels(SubmitLabels labels);

    @UpdateValidatorMethod(updateName = "submitLabels")
    void validateLabels(SubmitLabels labels);

    /** Takes back labels a labeling tool withdrew, so the round waits for them again. */
    @UpdateMethod
    LabelsWithdrawn withdrawLabels(WithdrawLabels withdraw);

    @UpdateValidatorMethod(updateName = "withdrawLabels")
    void validateWithdraw(WithdrawLabels withdraw);

    @SignalMethod
    void labelingDone(LabelingDone done);

    @SignalMethod
    void cancel(CancelIteration cancel);
}
