package dev.needle.workflows.messages.values;

import java.util.List;
import java.util.Optional;

/**
 * When a campaign stops by itself, checked after every round (the budget is checked before each round, by an
 * activity). Null rules do not apply.
 *
 * @param targetAccuracy stop once a round's accuracy reaches it
 * @param plateauEpsilon with {@code plateauRounds} m: stop when the best accuracy of the last m rounds beats the best
 *        before them by less than ε
 * @param maxRounds stop after this many rounds
 */
public record StoppingRules(Double targetAccuracy, Double plateauEpsilon, Integer plateauRounds, int maxRounds) {

    public record Verdict(StopReason reason, String detail) {
    }

    /** Pure and deterministic, so the workflow may call it. Rounds without a metric do not count for the metric rules. */
    public Optional<Verdict> check(int roundsDone, List<Double> accuracies) {
        List<Double> metrics = accuracies.stream().filter(a -> a != null).toList();
        if (targetAccuracy != null && !metrics.isEmpty() && metrics.get(metrics.size() - 1) >= targetAccuracy) {
            return Optional.of(new Verdict(StopReason.TARGET_REACHED,
                    "accuracy " + metrics.get(metrics.size() - 1) + " reached the target " + targetAccuracy));
        }
        if (plateauEpsilon != null && plateauRounds != null && metrics.size() > plateauRounds) {
            int split = metrics.size() - plateauRounds;
            double before = metrics.subList(0, split).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            double recent = metrics.subList(split, metrics.size()).stream().mapToDouble(Double::doubleValue).max()
                    .orElseThrow();
            if (recent - before < plateauEpsilon) {
                return Optional.of(new Verdict(StopReason.PLATEAU, "the best accuracy of the last " + plateauRounds
                        + " rounds (" + recent + ") improved on the best before them (" + before + ") by less than "
                        + plateauEpsilon));
            }
        }
        if (roundsDone >= maxRounds)
            return Optional.of(new Verdict(StopReason.MAX_ROUNDS, roundsDone + " of " + maxRounds + " rounds done"));
        return Optional.empty();
    }
}
