package dev.needle.web.dashboard.manage;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.needle.activities.budget.BudgetLedger;

/**
 * What the money bought and how long it lasts, from figures the budget service already summed: no rule of the
 * ledger is repeated here. Plain arithmetic, so it is tested with exact numbers.
 */
public final class BudgetOutlook {

    /** How many recent rounds the forecast averages: enough to smooth one odd round, few enough to follow a cost change. */
    public static final int RECENT_ROUNDS = 3;

    private BudgetOutlook() {
    }

    /** A round as the outlook needs it: its accuracy (null until trained), what it spent, whether it is over. */
    public record RoundFigures(int round, Double accuracy, BigDecimal spent, boolean finished) {
    }

    /**
     * @param gain accuracy minus that of the latest earlier round with one; null for the first measured round
     * @param gainPerUnit gain per currency unit spent by the round; null without a gain or without spend
     */
    public record RoundValue(int round, Double accuracy, BigDecimal spent, Double gain, Double gainPerUnit) {
    }

    /**
     * @param rounds the finished rounds averaged (at most {@link #RECENT_ROUNDS}, the latest that spent anything)
     * @param meanSpend their mean spend; null when none spent
     * @param roundsLeft whole rounds the available money pays at that mean; null when unlimited or nothing to average
     * @param exact available ÷ mean, before rounding down
     */
    public record Forecast(boolean limited, BigDecimal available, List<RoundFigures> rounds, BigDecimal meanSpend,
            Double exact, Integer roundsLeft) {

        public boolean computable() {
            return roundsLeft != null;
        }

        public String meanText() {
            return meanSpend == null ? "" : BudgetLedger.plain(meanSpend);
        }

        public String exactText() {
            return exact == null ? "" : String.format(Locale.ROOT, "%.2f", exact);
        }
    }

    /** Rounds in order; each measured round is compared with the measured round before it. */
    public static List<RoundValue> value(List<RoundFigures> rounds) {
        List<RoundValue> out = new ArrayList<>();
        Double previous = null;
        for (RoundFigures r : rounds.stream().sorted((a, b) -> Integer.compare(a.round(), b.round())).toList()) {
            Double gain = r.accuracy() != null && previous != null ? r.accuracy() - previous : null;
            Double perUnit = gain != null && r.spent() != null && r.spent().signum() > 0
                    ? gain / r.spent().doubleValue()
                    : null;
            out.add(new RoundValue(r.round(), r.accuracy(), r.spent(), gain, perUnit));
            if (r.accuracy() != null)
                previous = r.accuracy();
        }
        return out;
    }

    /**
     * Rounds left = available ÷ mean spend of the last {@link #RECENT_ROUNDS} finished rounds that spent, rounded down.
     * A running round is left out: its spend is still growing. {@code available} null means no budget (unlimited).
     */
    public static Forecast forecast(BigDecimal available, List<RoundFigures> rounds) {
        if (available == null)
            return new Forecast(false, null, List.of(), null, null, null);
        List<RoundFigures> spent = rounds.stream()
                .filter(r -> r.finished() && r.spent() != null && r.spent().signum() > 0)
                .sorted((a, b) -> Integer.compare(a.round(), b.round())).toList();
        List<RoundFigures> recent = spent.subList(Math.max(0, spent.size() - RECENT_ROUNDS), spent.size());
        if (recent.isEmpty())
            return new Forecast(true, available, List.of(), null, null, null);
        BigDecimal total = recent.stream().map(RoundFigures::spent).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal mean = total.divide(BigDecimal.valueOf(recent.size()), MathContext.DECIMAL64);
        BigDecimal exact = available.divide(mean, MathContext.DECIMAL64);
        return new Forecast(true, available, List.copyOf(recent), mean.setScale(2, RoundingMode.HALF_UP),
                exact.doubleValue(), exact.setScale(0, RoundingMode.FLOOR).intValueExact());
    }
}
