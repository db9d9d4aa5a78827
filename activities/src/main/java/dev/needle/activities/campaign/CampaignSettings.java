package dev.needle.activities.campaign;

import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.needle.activities.iteration.NewIteration;
import dev.needle.workflows.messages.values.StoppingRules;

/**
 * What a campaign was started with, stored as JSON on its row: every round is an iteration like {@code round} (its
 * round number aside), and the rules that end the campaign.
 */
public record CampaignSettings(NewIteration round, StoppingRules rules, int continueAsNewEvery) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CampaignSettings fromJson(String json) {
        try {
            return JSON.readValue(json, CampaignSettings.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
