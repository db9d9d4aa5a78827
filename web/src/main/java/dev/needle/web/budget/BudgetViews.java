package dev.needle.web.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Requests and answers of the budget endpoints. Money is a JSON number, in the budget's currency, as the ledger's
 * {@code numeric(19, 4)} holds it: below 10^14, at most 4 decimal places.
 */
public final class BudgetViews {

    private static final String MONEY = "must be below 10^14 with at most 4 decimal places";

    private BudgetViews() {
    }

    /**
     * @param amount the whole budget; changing it is recorded in the ledger as an adjustment by the difference
     * @param currency ISO 4217 code, e.g. EUR
     * @param overrunPolicy {@code REFUSE} (default) or {@code SHRINK}: what happens to a batch the budget cannot pay
     */
    public record SetBudget(
            @NotNull(message = "is required") @PositiveOrZero(message = "must not be negative") @Digits(integer = 14, fraction = 4, message = MONEY) BigDecimal amount,
            @NotBlank(message = "is required (an ISO 4217 code such as EUR)") @Size(max = 3, message = "an ISO 4217 code such as EUR") String currency,
            @Size(max = 8) String overrunPolicy) {
    }

    /** @param cost price of one label of the task type, in the budget's currency; zero or more */
    public record SetCost(
            @NotNull(message = "is required") @PositiveOrZero(message = "must not be negative") @Digits(integer = 14, fraction = 4, message = MONEY) BigDecimal cost) {
    }

    /**
     * @param amount signed: positive adds money, negative takes it away
     * @param reason at most 2000 characters, as the ledger keeps it
     */
    public record Adjustment(
            @NotNull(message = "is required") @Digits(integer = 14, fraction = 4, message = MONEY) BigDecimal amount,
            @NotBlank(message = "an adjustment needs a reason") @Size(max = 2000) String reason) {
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
