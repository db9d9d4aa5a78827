package dev.needle.web.dashboard.projects;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.needle.activities.budget.Budgets;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.Iterations;
import dev.needle.web.budget.BudgetService;
import dev.needle.web.budget.BudgetViews;
import dev.needle.web.dashboard.Durations;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.Step;

/**
 * A project's rounds as the ML-ops pages show them: one row per round from the iteration rows and the ledger (one
 * {@link Budgets.Statement}, whose figures all come from the same entries). Nothing here asks Temporal: the database is
 * the record.
 */
@ApplicationScoped
public class ProjectHistory {

    @Inject
    Iterations iterations;
    @Inject
    Budgets budgets;

    /**
     * @param labeled labels received for the round's batch
     * @param selected images in the batch; before the query step, the batch size asked for
     * @param spent money spent on the round's labels; null when the project has no budget
     */
    public record Round(int round, String strategy, String strategyUsed, int batchSize, IterationStatus status, Step step,
            long labeled, long selected, BigDecimal spent, String currency, Double accuracy, Integer trainingSize,
            Instant startedAt, Duration duration) {

        public boolean isRunning() {
            return status == IterationStatus.RUNNING;
        }

        public String getDurationText() {
            return Durations.text(duration);
        }

        public String getAccuracyText() {
            return accuracy == null ? "" : String.format("%.3f", accuracy);
        }
    }

    /** One point per round that produced a model: what it learnt from, what it cost until then. */
    public record RoundPoint(int round, int trainingSize, double accuracy, BigDecimal cumulativeSpend) {
    }

    /** The budget left after one ledger entry. */
    public record BurnPoint(Instant at, String kind, Integer round, BigDecimal available) {
    }

    public record Charts(String project, boolean limited, String currency, BigDecimal total, List<RoundPoint> rounds,
            List<BurnPoint> burn) {
    }

    /** A project's budget and its rounds, for a page that shows both: the ledger is read once for the two. */
    public record Table(BudgetViews.Budget budget, List<Round> rounds) {
    }

    public Table table(String projectSlug) {
        Budgets.Statement statement = budgets.statement(projectSlug);
        BudgetViews.Budget budget = BudgetService.budget(statement);
        return new Table(budget, rounds(statement, budget, iterations.tallies(projectSlug)));
    }

    private static List<Round> rounds(Budgets.Statement statement, BudgetViews.Budget budget,
            List<Iterations.Tally> tallies) {
        Map<Integer, BigDecimal> spent = spentByRound(statement);
        Instant now = Instant.now();
        List<Round> out = new ArrayList<>();
        for (Iterations.Tally tally : tallies) {
            Iteration i = tally.iteration();
            int picked = tally.picked();
            Instant end = i.finishedAt == null ? now : i.finishedAt;
            out.add(new Round(i.round, i.strategy, i.outputs.strategyUsed(), i.batchSize, i.status, i.step,
                    tally.labeled(), picked == 0 ? i.batchSize : picked,
                    budget.limited() ? spent.getOrDefault(i.round, BigDecimal.ZERO) : null, budget.currency(),
                    i.outputs.accuracy(), i.outputs.trainingSize(), i.createdAt, Duration.between(i.createdAt, end)));
        }
        return out;
    }

    /** The charts need neither the batches nor the label counts the table reads: the statement holds all they show. */
    public Charts charts(String projectSlug) {
        Budgets.Statement statement = budgets.statement(projectSlug);
        BudgetViews.Budget budget = BudgetService.budget(statement);
        Map<Integer, BigDecimal> spent = spentByRound(statement);
        List<RoundPoint> points = new ArrayList<>();
        BigDecimal cumulative = BigDecimal.ZERO;
        List<Iteration> rounds = new ArrayList<>(statement.rounds());
        rounds.sort((a, b) -> Integer.compare(a.round, b.round));
        for (Iteration i : rounds) {
            cumulative = cumulative.add(spent.getOrDefault(i.round, BigDecimal.ZERO));
            if (i.outputs.accuracy() != null && i.outputs.trainingSize() != null)
                points.add(new RoundPoint(i.round, i.outputs.trainingSize(), i.outputs.accuracy(), cumulative));
        }
        List<BurnPoint> burn = budget.limited()
                ? BudgetService.ledger(statement).entries().stream()
                        .map(e -> new BurnPoint(e.at(), e.kind(), e.round(), e.availableAfter())).toList()
                : List.of();
        return new Charts(projectSlug, budget.limited(), budget.currency(), budget.total(), points, burn);
    }

    private static Map<Integer, BigDecimal> spentByRound(Budgets.Statement statement) {
        Map<Integer, BigDecimal> out = new HashMap<>();
        for (BudgetViews.RoundSpend r : BudgetService.spend(statement).rounds())
            out.put(r.round(), r.spent());
        return out;
    }
}
