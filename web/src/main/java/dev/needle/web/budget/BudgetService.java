package dev.needle.web.budget;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.needle.activities.budget.Balance;
import dev.needle.activities.budget.Budget;
import dev.needle.activities.budget.BudgetLedger;
import dev.needle.activities.budget.Budgets;
import dev.needle.activities.budget.LabelCost;
import dev.needle.activities.budget.LedgerEntry;
import dev.needle.web.problem.ProblemException;

/**
 * The manager's view of the ledger: figures are sums of entries, shown with the entries they come from. Every view
 * is made from one {@link Budgets.Statement}, read in one transaction; a page showing several views reads it once.
 */
@ApplicationScoped
public class BudgetService {

    @Inject
    Budgets budgets;

    public Budgets.Statement statement(String projectSlug) {
        return budgets.statement(projectSlug);
    }

    public BudgetViews.Budget get(String projectSlug) {
        return budget(statement(projectSlug));
    }

    public BudgetViews.Budget set(String projectSlug, BudgetViews.SetBudget request, String by) {
        if (request == null)
            throw ProblemException.badRequest(null, "a JSON body is required");
        budgets.setBudget(projectSlug, request.amount(), request.currency(), request.overrunPolicy(), by);
        return get(projectSlug);
    }

    public BudgetViews.Budget setCost(String projectSlug, String taskType, BudgetViews.SetCost request, String by) {
        if (request == null)
            throw ProblemException.badRequest(null, "a JSON body is required");
        budgets.setCost(projectSlug, taskType, request.cost(), by);
        return get(projectSlug);
    }

    public BudgetViews.Budget adjust(String projectSlug, BudgetViews.Adjustment request, String by) {
        if (request == null)
            throw ProblemException.badRequest(null, "a JSON body is required");
        budgets.adjust(projectSlug, request.amount(), request.reason(), by);
        return get(projectSlug);
    }

    public BudgetViews.Ledger ledger(String projectSlug) {
        return ledger(statement(projectSlug));
    }

    public BudgetViews.Spend spend(String projectSlug) {
        return spend(statement(projectSlug));
    }

    public static BudgetViews.Budget budget(Budgets.Statement statement) {
        Budget budget = statement.budget();
        if (budget == null)
            return new BudgetViews.Budget(false, null, null, null, null, null, null, List.of());
        Balance b = statement.balance();
        Map<String, LabelCost> current = new LinkedHashMap<>();
        for (LabelCost cost : statement.costs())
            current.put(cost.taskType, cost);
        return new BudgetViews.Budget(true, budget.currency, budget.overrunPolicy.name(), money(b.total()),
                money(b.reserved()), money(b.spent()), money(b.available()),
                current.values().stream()
                        .map(c -> new BudgetViews.Cost(c.taskType, money(c.cost), c.setBy, c.setAt)).toList());
    }

    public static BudgetViews.Ledger ledger(Budgets.Statement statement) {
        Map<Long, Integer> rounds = statement.roundOf();
        Map<Long, String> files = statement.files();
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal reserved = BigDecimal.ZERO;
        BigDecimal spent = BigDecimal.ZERO;
        List<BudgetViews.Entry> out = new ArrayList<>();
        for (LedgerEntry e : statement.entries()) {
            switch (e.kind) {
                case ADJUST -> total = total.add(e.amount);
                case RESERVE -> reserved = reserved.add(e.amount);
                case SPEND -> {
                    reserved = reserved.subtract(e.amount);
                    spent = spent.add(e.amount);
                }
                case RELEASE -> reserved = reserved.subtract(e.amount);
            }
            out.add(new BudgetViews.Entry(e.id, e.createdAt, e.kind.name(),
                    e.iterationId == null ? null : rounds.get(e.iterationId), money(e.amount), e.labels,
                    e.unitCost == null ? null : money(e.unitCost), e.sampleId == null ? null : files.get(e.sampleId),
                    e.annotator, e.reason, e.createdBy, money(total), money(reserved), money(spent),
                    money(total.subtract(reserved).subtract(spent))));
        }
        return new BudgetViews.Ledger(currency(statement), out);
    }

    public static BudgetViews.Spend spend(Budgets.Statement statement) {
        Map<Long, Integer> rounds = statement.roundOf();
        Map<Integer, List<LedgerEntry>> byRound = new TreeMap<>();
        Map<String, List<LedgerEntry>> byAnnotator = new TreeMap<>();
        for (LedgerEntry e : statement.entries()) {
            if (e.iterationId != null)
                byRound.computeIfAbsent(rounds.get(e.iterationId), k -> new ArrayList<>()).add(e);
            if (e.kind == LedgerEntry.Kind.SPEND)
                byAnnotator.computeIfAbsent(e.annotator, k -> new ArrayList<>()).add(e);
        }
        List<BudgetViews.RoundSpend> perRound = byRound.entrySet().stream().map(r -> {
            List<LedgerEntry> es = r.getValue();
            BigDecimal reserved = sum(es, LedgerEntry.Kind.RESERVE);
            BigDecimal spent = sum(es, LedgerEntry.Kind.SPEND);
            BigDecimal released = sum(es, LedgerEntry.Kind.RELEASE);
            LedgerEntry reservation = es.stream().filter(e -> e.kind == LedgerEntry.Kind.RESERVE).findFirst()
                    .orElse(null);
            return new BudgetViews.RoundSpend(r.getKey(), reservation == null ? null : money(reservation.unitCost),
                    reservation == null ? 0 : reservation.labels, money(reserved), labels(es, LedgerEntry.Kind.SPEND),
                    money(spent), money(released), money(reserved.subtract(spent).subtract(released)));
        }).toList();
        List<BudgetViews.AnnotatorSpend> perAnnotator = byAnnotator.entrySet().stream()
                .map(a -> new BudgetViews.AnnotatorSpend(a.getKey(), a.getValue().size(),
                        money(sum(a.getValue(), LedgerEntry.Kind.SPEND))))
                .toList();
        return new BudgetViews.Spend(currency(statement), perRound, perAnnotator);
    }

    private static String currency(Budgets.Statement statement) {
        return statement.budget() == null ? null : statement.budget().currency;
    }

    private static BigDecimal sum(List<LedgerEntry> entries, LedgerEntry.Kind kind) {
        return entries.stream().filter(e -> e.kind == kind).map(e -> e.amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static int labels(List<LedgerEntry> entries, LedgerEntry.Kind kind) {
        return entries.stream().filter(e -> e.kind == kind).mapToInt(e -> e.labels == null ? 0 : e.labels).sum();
    }

    /** Money as people write it (12.5, not 12.5000). */
    static BigDecimal money(BigDecimal amount) {
        return new BigDecimal(BudgetLedger.plain(amount));
    }
}
