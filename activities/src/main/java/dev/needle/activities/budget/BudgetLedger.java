package dev.needle.activities.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collection;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.BadInputException;
import dev.needle.workflows.messages.values.BudgetCheck;
import dev.needle.workflows.messages.values.Reservation;

/**
 * A project's labeling budget as an append-only ledger. Every balance is a sum of entries; every change of money is an
 * entry: the budget set or adjusted (ADJUST, with a reason), a batch's reservation at the cost per label in effect
 * (RESERVE), each accepted label (SPEND, one per image, naming it and its annotator), and the unused rest when the
 * round ends (RELEASE). A project without a budget is unlimited and gets no entries.
 */
@ApplicationScoped
public class BudgetLedger {

    /** Iterations label images by class today; the cost table already keys by task type for detection to come. */
    public static final String CLASSIFICATION = "classification";
    public static final List<String> TASK_TYPES = List.of(CLASSIFICATION, "object-detection");

    private static final int SCALE = 4;

    @Inject
    BudgetRepository budgets;
    @Inject
    LabelCostRepository costs;
    @Inject
    LedgerEntryRepository entries;

    public Optional<Budget> budget(long projectId) {
        return budgets.forProject(projectId);
    }

    public Optional<Balance> balance(long projectId) {
        return budgets.forProject(projectId).map(this::balance);
    }

    public List<LedgerEntry> entries(long projectId) {
        return entries.forProject(projectId);
    }

    public List<LabelCost> costs(long projectId) {
        return costs.history(projectId);
    }

    /** Sets the budget to {@code amount}, recorded as an adjustment by the difference, and the overrun policy. */
    @Transactional
    public Balance setBudget(long projectId, BigDecimal amount, String currency, OverrunPolicy policy, String by) {
        money("amount", amount);
        String code = currency(currency);
        Budget budget = budgets.lockForProject(projectId).orElse(null);
        if (budget == null) {
            budget = new Budget();
            budget.projectId = projectId;
            budget.currency = code;
            budget.overrunPolicy = OverrunPolicy.REFUSE;
            budget.createdAt = Instant.now();
            budgets.persist(budget);
        } else if (!budget.currency.equals(code)) {
            if (entries.count("projectId", projectId) > 0) {
                throw new BadInputException("currency",
                        "the ledger is kept in " + budget.currency + "; its entries cannot change currency");
            }
            budget.currency = code;
        }
        if (policy != null)
            budget.overrunPolicy = policy;
        Balance now = balance(budget);
        BigDecimal committed = now.reserved().add(now.spent());
        if (amount.compareTo(committed) < 0) {
            throw new BadInputException("amount", "is below the " + plain(committed) + " " + code
                    + " already reserved and spent");
        }
        BigDecimal delta = amount.subtract(now.total());
        if (delta.signum() != 0)
            append(adjustment(budget, delta, "budget set to " + plain(amount) + " " + code, by));
        return balance(budget);
    }

    /** Adds (or with a negative amount removes) money, with the reason a manager gives for it. */
    @Transactional
    public Balance adjust(long projectId, BigDecimal amount, String reason, String by) {
        if (amount == null)
            throw new BadInputException("amount", "is required");
        scale("amount", amount);
        if (amount.signum() == 0)
            throw new BadInputException("amount", "must not be zero");
        if (reason == null || reason.isBlank())
            throw new BadInputException("reason", "an adjustment needs a reason");
        Budget budget = budgets.lockForProject(projectId)
                .orElseThrow(() -> new BadInputException("project", "has no budget; set one first"));
        Balance now = balance(budget);
        if (now.available().add(amount).signum() < 0) {
            throw new BadInputException("amount", "would take the available " + plain(now.available()) + " "
                    + budget.currency + " below zero");
        }
        append(adjustment(budget, amount, reason.strip(), by));
        return balance(budget);
    }

    /** A new cost per label for a task type; rounds already reserved keep the cost they reserved at. */
    @Transactional
    public LabelCost setCost(long projectId, String taskType, BigDecimal cost, String by) {
        // Set.of(...).contains(null) throws: a form that sends no task type is bad input, not a crash.
        if (taskType == null || !TASK_TYPES.contains(taskType))
            throw new BadInputException("taskType", "unknown task type " + taskType + "; one of " + TASK_TYPES);
        money("cost", cost);
        budgets.forProject(projectId)
                .orElseThrow(() -> new BadInputException("project", "has no budget; set one (and its currency) first"));
        LabelCost row = new LabelCost();
        row.projectId = projectId;
        row.taskType = taskType;
        row.cost = cost;
        row.setBy = by;
        row.setAt = Instant.now();
        costs.persist(row);
        return row;
    }

    /**
     * Reserves batch × cost per label under the budget row's lock. Idempotent per iteration: a retried activity gets
     * the recorded reservation back.
     */
    @Transactional
    public Reservation reserve(long iterationId, long projectId, int batchSize) {
        Optional<Budget> locked = budgets.lockForProject(projectId);
        if (locked.isEmpty())
            return new Reservation(batchSize, null);
        Budget budget = locked.get();
        Optional<LedgerEntry> recorded = entries.byKey(reserveKey(iterationId));
        if (recorded.isPresent())
            return new Reservation(recorded.get().labels, recorded.get().reason);
        BigDecimal cost = cost(projectId);
        BigDecimal available = balance(budget).available();
        BigDecimal needed = cost.multiply(BigDecimal.valueOf(batchSize));
        int granted = batchSize;
        String reason = null;
        if (needed.compareTo(available) > 0) {
            granted = available.divide(cost, 0, RoundingMode.FLOOR).intValue();
            String shortfall = batchSize + " labels at " + plain(cost) + " " + budget.currency + " need "
                    + plain(needed) + " " + budget.currency + "; " + plain(available) + " " + budget.currency
                    + " available";
            if (budget.overrunPolicy == OverrunPolicy.REFUSE || granted == 0)
                return new Reservation(0, "batch refused: " + shortfall);
            reason = "batch shrunk from " + batchSize + " to " + granted + ": " + shortfall;
        }
        LedgerEntry entry = entry(budget, iterationId, LedgerEntry.Kind.RESERVE, cost.multiply(BigDecimal.valueOf(granted)));
        entry.labels = granted;
        entry.unitCost = cost;
        entry.reason = reason;
        entry.dedupeKey = reserveKey(iterationId);
        append(entry);
        return new Reservation(granted, reason);
    }

    /**
     * Turns reservation into spend for newly accepted labels, one entry per image. A label event seen twice spends
     * once: each (iteration, image) has one key. Runs inside the caller's transaction, the one that stores the labels.
     */
    @Transactional
    public void spend(long iterationId, Collection<Long> sampleIds, String annotator) {
        Optional<LedgerEntry> reservation = entries.byKey(reserveKey(iterationId));
        if (reservation.isEmpty() || sampleIds.isEmpty())
            return; // no budget when the round reserved: nothing to account
        LedgerEntry reserved = reservation.get();
        long spentLabels = entries.count("iterationId = ?1 and kind = ?2", iterationId, LedgerEntry.Kind.SPEND);
        for (long sampleId : sampleIds) {
            String key = "spend:" + iterationId + ":" + sampleId;
            if (spentLabels >= reserved.labels || entries.byKey(key).isPresent())
                continue;
            LedgerEntry entry = entry(reserved, iterationId, LedgerEntry.Kind.SPEND, reserved.unitCost);
            entry.labels = 1;
            entry.unitCost = reserved.unitCost;
            entry.sampleId = sampleId;
            entry.annotator = annotator;
            entry.createdBy = annotator;
            entry.dedupeKey = key;
            append(entry);
            spentLabels++;
        }
    }

    /** Gives back what the round reserved and did not spend. Idempotent: a round releases once. */
    @Transactional
    public void release(long iterationId, String why) {
        Optional<LedgerEntry> reservation = entries.byKey(reserveKey(iterationId));
        if (reservation.isEmpty() || entries.byKey("release:" + iterationId).isPresent())
            return;
        LedgerEntry reserved = reservation.get();
        long spentLabels = entries.count("iterationId = ?1 and kind = ?2", iterationId, LedgerEntry.Kind.SPEND);
        BigDecimal rest = reserved.amount.subtract(entries.sumForIteration(iterationId, LedgerEntry.Kind.SPEND));
        if (rest.signum() <= 0)
            return;
        LedgerEntry entry = entry(reserved, iterationId, LedgerEntry.Kind.RELEASE, rest);
        entry.labels = (int) (reserved.labels - spentLabels);
        entry.unitCost = reserved.unitCost;
        entry.reason = entry.labels + " of " + reserved.labels + " reserved labels unused: " + why;
        entry.dedupeKey = "release:" + iterationId;
        append(entry);
    }

    /** Whether the remaining budget pays for a batch of {@code batchSize} as the project's overrun policy sees it. */
    @Transactional
    public BudgetCheck check(long projectId, int batchSize) {
        Optional<Budget> found = budgets.forProject(projectId);
        if (found.isEmpty())
            return new BudgetCheck(false, null);
        Budget budget = found.get();
        BigDecimal cost = cost(projectId);
        if (cost.signum() == 0)
            return new BudgetCheck(false, null);
        BigDecimal available = balance(budget).available();
        int affordable = available.divide(cost, 0, RoundingMode.FLOOR).min(BigDecimal.valueOf(batchSize)).intValue();
        boolean exhausted = affordable == 0 || (budget.overrunPolicy == OverrunPolicy.REFUSE && affordable < batchSize);
        return new BudgetCheck(exhausted, plain(available) + " " + budget.currency + " available pays for "
                + affordable + " labels at " + plain(cost) + " " + budget.currency + "; the batch is " + batchSize);
    }

    private Balance balance(Budget budget) {
        long p = budget.projectId;
        return Balance.of(budget.currency,
                entries.sum(p, LedgerEntry.Kind.ADJUST),
                entries.sum(p, LedgerEntry.Kind.RESERVE),
                entries.sum(p, LedgerEntry.Kind.SPEND),
                entries.sum(p, LedgerEntry.Kind.RELEASE));
    }

    private BigDecimal cost(long projectId) {
        return costs.current(projectId, CLASSIFICATION).map(c -> c.cost).orElse(BigDecimal.ZERO);
    }

    private LedgerEntry adjustment(Budget budget, BigDecimal amount, String reason, String by) {
        LedgerEntry entry = entry(budget, null, LedgerEntry.Kind.ADJUST, amount);
        entry.reason = reason;
        entry.createdBy = by;
        return entry;
    }

    private static LedgerEntry entry(Budget budget, Long iterationId, LedgerEntry.Kind kind, BigDecimal amount) {
        return entry(budget.projectId, budget.currency, iterationId, kind, amount);
    }

    private static LedgerEntry entry(LedgerEntry like, Long iterationId, LedgerEntry.Kind kind, BigDecimal amount) {
        return entry(like.projectId, like.currency, iterationId, kind, amount);
    }

    private static LedgerEntry entry(long projectId, String currency, Long iterationId, LedgerEntry.Kind kind,
            BigDecimal amount) {
        LedgerEntry entry = new LedgerEntry();
        entry.projectId = projectId;
        entry.currency = currency;
        entry.iterationId = iterationId;
        entry.kind = kind;
        entry.amount = amount;
        entry.createdAt = Instant.now();
        return entry;
    }

    private void append(LedgerEntry entry) {
        entries.persist(entry);
    }

    private static void money(String field, BigDecimal value) {
        if (value == null)
            throw new BadInputException(field, "is required");
        if (value.signum() < 0)
            throw new BadInputException(field, "must not be negative");
        scale(field, value);
    }

    private static void scale(String field, BigDecimal value) {
        if (value.stripTrailingZeros().scale() > SCALE)
            throw new BadInputException(field, "has more than " + SCALE + " decimal places");
        if (value.abs().compareTo(BigDecimal.TEN.pow(14)) >= 0)
            throw new BadInputException(field, "is too large");
    }

    private static String currency(String code) {
        if (code == null || code.isBlank())
            throw new BadInputException("currency", "is required (an ISO 4217 code such as EUR)");
        try {
            Currency currency = Currency.getInstance(code);
            return currency.getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new BadInputException("currency", "unknown ISO 4217 currency " + code);
        }
    }

    private static String reserveKey(long iterationId) {
        return "reserve:" + iterationId;
    }

    /** Money as people write it: 12.5, not 12.5000 or 1.25E+1. */
    public static String plain(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
