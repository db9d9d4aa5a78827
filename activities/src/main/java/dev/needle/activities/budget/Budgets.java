package dev.needle.activities.budget;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.BadInputException;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.Projects;

/**
 * A project's budget by its slug: the changes a manager makes, and everything the budget's views show read at once
 * (see {@link Statement}). The rules of the money are {@link BudgetLedger}'s.
 */
@ApplicationScoped
public class Budgets {

    @Inject
    Projects projects;
    @Inject
    BudgetLedger ledger;
    @Inject
    IterationRepository iterations;
    @Inject
    SampleRepository samples;

    /**
     * A project's money as of one transaction, so every figure a page shows comes from the same entries.
     *
     * @param budget null when the project has no budget (unlimited); {@code balance} is then null too
     * @param costs every cost per label ever set, oldest first
     * @param rounds the project's iterations in round order (entries name them by id)
     * @param files the file of each sample an entry names, by sample id
     */
    public record Statement(Project project, Budget budget, Balance balance, List<LabelCost> costs,
            List<LedgerEntry> entries, List<Iteration> rounds, Map<Long, String> files) {

        /** Round number by iteration id. */
        public Map<Long, Integer> roundOf() {
            Map<Long, Integer> out = new HashMap<>();
            for (Iteration i : rounds)
                out.put(i.id, i.round);
            return out;
        }
    }

    @Transactional
    public Statement statement(String projectSlug) {
        Project project = projects.require(projectSlug);
        Budget budget = ledger.budget(project.id).orElse(null);
        List<LedgerEntry> entries = ledger.entries(project.id);
        List<Long> sampleIds = entries.stream().map(e -> e.sampleId).filter(Objects::nonNull).distinct().toList();
        Map<Long, String> files = new HashMap<>();
        for (Sample sample : samples.byIds(sampleIds))
            files.put(sample.id, sample.path);
        return new Statement(project, budget, budget == null ? null : ledger.balance(project.id).orElseThrow(),
                ledger.costs(project.id), entries, iterations.forProject(project.id), files);
    }

    /** @param policy REFUSE or SHRINK in any case, or null; anything else is refused by name */
    @Transactional
    public void setBudget(String projectSlug, BigDecimal amount, String currency, String policy, String by) {
        long projectId = projects.require(projectSlug).id;
        ledger.setBudget(projectId, amount, currency, policy(policy), by);
    }

    @Transactional
    public void setCost(String projectSlug, String taskType, BigDecimal cost, String by) {
        ledger.setCost(projects.require(projectSlug).id, taskType, cost, by);
    }

    @Transactional
    public void adjust(String projectSlug, BigDecimal amount, String reason, String by) {
        ledger.adjust(projects.require(projectSlug).id, amount, reason, by);
    }

    private static OverrunPolicy policy(String value) {
        if (value == null)
            return null;
        try {
            return OverrunPolicy.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("overrunPolicy", "unknown policy " + value + "; one of REFUSE, SHRINK");
        }
    }
}
