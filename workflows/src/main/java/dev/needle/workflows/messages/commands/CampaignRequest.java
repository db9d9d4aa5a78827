package dev.needle.workflows.messages.commands;

import dev.needle.workflows.messages.values.CampaignProgress;
import dev.needle.workflows.messages.values.StoppingRules;

/**
 * Starts a campaign, or continues it as a new run: {@code progress} carries what earlier runs did, so the history of
 * any one run stays short however many rounds the campaign lasts.
 *
 * @param continueAsNewEvery rounds per run before the campaign continues as new
 */
public record CampaignRequest(
        long campaignId, long projectId, StoppingRules rules, int continueAsNewEvery, CampaignProgress progress) {

    public CampaignRequest next(CampaignProgress carried) {
        return new CampaignRequest(campaignId, projectId, rules, continueAsNewEvery, carried);
    }
}
