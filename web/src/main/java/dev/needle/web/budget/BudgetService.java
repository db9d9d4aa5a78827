package dev.needle.web.budget;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.budget.Balance;
import dev.needle.activities.budget.BudgetLedger;
import dev.needle.activities.budget.LabelCost;
import dev.needle.activities.budget.LedgerEntry;
import dev.needle.activities.budget.OverrunPolicy;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.project.Project;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.project.ProjectService;

/** The manager's view of the ledger: figures are sums of entries, shown with the entries they come from. */
@ApplicationScoped
public class BudgetService {

    @Inject
    ProjectService projects;
    @Inject
    BudgetLedger ledger;
    @Inject
    IterationRepository iterations;
    @Inject
    SampleRepository samples;

    @Transactional
    public BudgetViews.Budget get(String projectSlug) {
        Project project = projects.require(projectSlug);
        return ledger.budget(project.id).map(budget -> {
            Balance b = ledger.balance(project.id).orElseThrow();
            Map<String, LabelCost> current = new LinkedHashMap<>();
            for (LabelCost cost : ledger.costs(project.id))
                current.put(cost.taskType, cost);
            return new BudgetViews.Budget(true, budget.currency, budget.overrunPolicy.name(), money(b.total()),
                    money(b.reserved()), money(b.spent()), money(b.available()),
                    current.values().stream()
                            .map(c -> new BudgetViews.Cost(c.taskType, money(c.cost), c.setBy, c.setAt)).toList());
        }).orElse(new BudgetViews.Budget(false, null, null, null, null, null, null, List.of()));
    }

    @Transactional
    public BudgetViews.Budget set(String projectSlug, BudgetViews.SetBudget request, String by) {
        if (request == null)
            throw ProblemException.badRequest(null, "a JSON body is required");
        Project project = projects.require(projectSlug);
        ledger.setBudget(project.id, request.amount(), request.currency(), policy(request.overrunPolicy()), by);
        return get(projectSlug);
    }

    @Transactional
    public BudgetViews.Budget setCost(String projectSlug, String taskType, BudgetViews.SetCost request, String by) {
        if (request == null)
            throw ProblemException.badRequest(null, "a JSON body is required");
        ledger.setCost(projects.require(projectSlug).id, taskType, request.cost(), by);
        return get(projectSlug);
    }

    @Transactional
    public BudgetViews.Budget adjust(String projectSlug, BudgetViews.Adjustment request, String by) {
        if (request == null)
            throw ProblemException.badRequest(null, "a JSON body is required");
        ledger.adjust(projects.require(projectSlug).id, request.amount(), request.reason(), by);
        return get(projectSlug);
    }

    @Transactional
    public BudgetViews.Ledger ledger(String projectSlug) {
        Project project = projects.require(projectSlug);
        List<LedgerEntry> entries = ledger.entries(project.id);
        Map<Long, Integer> rounds = rounds(project.id);
        List<Long> sampleIds = entries.stream().map(e -> e.sampleId).filter(Objects::nonNull).distinct().toList();
        Map<Long, String> files = new HashMap<>();
        for (Sample sample : sampleIds.isEmpty() ? List.<Sample> of() : samples.list("id in ?1", sampleIds))
            files.put(sample.id, sample.path);
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal reserved = BigDecimal.ZERO;
        BigDecimal spent = BigDecimal.ZERO;
        List<BudgetViews.Entry> out = new ArrayList<>();
        for (LedgerEntry e : entries) {
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
        return new BudgetViews.Ledger(currency(project.id), out);
    }

    @Transactional
    public BudgetViews.Spend spend(String projectSlug) {
        Project project = projects.require(projectSlug);
        Map<Long, Integer> rounds = rounds(project.id);
        Map<Integer, List<LedgerEntry>> byRound = new TreeMap<>();
        Map<String, List<LedgerEntry>> byAnnotator = new TreeMap<>();
        for (LedgerEntry e : ledger.entries(project.id)) {
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
        return new BudgetViews.Spend(currency(project.id), perRound, perAnnotator);
    }

    private String currency(long projectId) {
        return ledger.budget(projectId).map(b -> b.currency).orElse(null);
    }

    private Map<Long, Integer> rounds(long projectId) {
        return iterations.forProject(projectId).stream().collect(Collectors.toMap(i -> i.id, (Iteration i) -> i.round));
    }

    private static BigDecimal sum(List<LedgerEntry> entries, LedgerEntry.Kind kind) {
        return entries.stream().filter(e -> e.kind == kind).map(e -> e.amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static int labels(List<LedgerEntry> entries, LedgerEntry.Kind kind) {
        return entries.stream().filter(e -> e.kind == kind).mapToInt(e -> e.labels == null ? 0 : e.labels).sum();
    }

    private static OverrunPolicy policy(String value) {
        if (value == null)
            return null;
        try {
            return OverrunPolicy.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("overrunPolicy", "unknown policy " + value + "; one of REFUSE, SHRINK");
        }
    }

    /** Money as people write it (12.5, not 12.5000). */
    static BigDecimal money(BigDecimal amount) {
        return new BigDecimal(BudgetLedger.plain(amount));
    }
}
