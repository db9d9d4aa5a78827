package dev.needle.web.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Requests and answers of the budget endpoints. Money is a JSON number, in the budget's currency. */
public final class BudgetViews {

    private BudgetViews() {
    }

    /**
     * @param amount the whole budget; changing it is recorded in the ledger as an adjustment by the difference
     * @param currency ISO 4217 code, e.g. EUR
     * @param overrunPolicy {@code REFUSE} (default) or {@code SHRINK}: what happens to a batch the budget cannot pay
     */
    public record SetBudget(BigDecimal amount, String currency, String overrunPolicy) {
    }

    /** @param cost price of one label of the task type, in the budget's currency; zero or more */
    public record SetCost(BigDecimal cost) {
    }

    /** @param amount signed: positive adds money, negative takes it away */
    public record Adjustment(BigDecimal amount, String reason) {
    }

    /**
     * A project's budget; every figure is a sum of ledger entries ({@code available = total - reserved - spent}).
     * {@code limited} is false, and the figures null, when no budget is set: the project is unlimited.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Budget(
            boolean limited, String currency, String overrunPolicy, BigDecimal total, BigDecimal reserved,
            BigDecimal spent, BigDecimal available, List<Cost> costs) {
    }

    public record Cost(String taskType, BigDecimal cost, String setBy, Instant since) {
    }

    /** Each entry with the balances right after it, so any figure can be followed entry by entry. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(
            long id, Instant at, String kind, Integer round, BigDecimal amount, Integer labels, BigDecimal unitCost,
            String fileName, String annotator, String reason, String by, BigDecimal totalAfter,
            BigDecimal reservedAfter, BigDecimal spentAfter, BigDecimal availableAfter) {
    }

    public record Ledger(String currency, List<Entry> entries) {
    }

    /** Per round: reserved at the round's unit cost, spent on accepted labels, released at the end. */
    public record RoundSpend(
            int round, BigDecimal unitCost, int labelsReserved, BigDecimal reserved, int labelsSpent, BigDecimal spent,
            BigDecimal released, BigDecimal stillReserved) {
    }

    public record AnnotatorSpend(String annotator, int labels, BigDecimal spent) {
    }

    public record Spend(String currency, List<RoundSpend> rounds, List<AnnotatorSpend> annotators) {
    }
}
