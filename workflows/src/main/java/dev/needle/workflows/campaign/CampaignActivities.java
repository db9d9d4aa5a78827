package dev.needle.workflows.campaign;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.FinishCampaign;
import dev.needle.workflows.messages.commands.IterationRequest;
import dev.needle.workflows.messages.commands.RecordCampaignState;
import dev.needle.workflows.messages.commands.RecordRound;
import dev.needle.workflows.messages.values.BudgetCheck;

/** The campaign's bookkeeping in the database. */
@ActivityInterface
public interface CampaignActivities {

    /** Whether the project's remaining budget pays for the next batch as the project's overrun policy sees it. */
    BudgetCheck checkBudget(long campaignId);

    /**
     * Writes the next round's iteration row (as a start through the API does) and returns the request its workflow
     * runs with. Idempotent: while the round it started last is still running, returns that round again.
     */
    IterationRequest startRound(long campaignId);

    void recordRound(RecordRound command);

    void recordState(RecordCampaignState command);

    void finishCampaign(FinishCampaign command);
}
