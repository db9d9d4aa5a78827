package dev.needle.eval;

import java.util.Map;

/**
 * What one finished round reports through the API.
 *
 * @param labeled labels the model was trained on (Needle's {@code trainingSize})
 * @param accuracy on the eval split
 * @param strategyUsed what Needle ran (a cold start of UNCERTAINTY or CORAL runs RANDOM)
 * @param stepSeconds wall time of each step, from the iteration's events
 * @param seconds wall time from start request to finish
 */
public record RoundResult(String arm, long seed, String project, int round, int labeled, double accuracy, String strategyUsed,
        Map<String, Double> stepSeconds, double seconds) {
}
