package dev.needle.workflows.messages.values;

import java.util.List;

/**
 * What a campaign has done so far, carried from one run to the next on continue-as-new.
 *
 * @param accuracies each finished round's accuracy in order (null entries for rounds without a metric)
 */
public record CampaignProgress(int roundsDone, List<Double> accuracies, boolean paused) {

    public static CampaignProgress start() {
        return new CampaignProgress(0, List.of(), false);
    }
}
