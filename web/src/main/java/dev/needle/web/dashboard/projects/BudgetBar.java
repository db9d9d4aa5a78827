package dev.needle.web.dashboard.projects;

import java.math.BigDecimal;
import java.math.RoundingMode;

import dev.needle.web.budget.BudgetViews;

/** A budget as a bar: the three shares of the total, in percent; an unlimited budget has none. */
public record BudgetBar(BudgetViews.Budget budget, double spentPercent, double reservedPercent,
        double availablePercent) {

    static BudgetBar of(BudgetViews.Budget b) {
        if (!b.limited() || b.total() == null || b.total().signum() <= 0)
            return new BudgetBar(b, 0, 0, b.limited() ? 0 : 100);
        return new BudgetBar(b, percent(b.spent(), b.total()), percent(b.reserved(), b.total()),
                percent(b.available(), b.total()));
    }

    private static double percent(BigDecimal part, BigDecimal total) {
        return Math.max(0, part.multiply(BigDecimal.valueOf(100)).divide(total, 1, RoundingMode.HALF_UP).doubleValue());
    }
}
