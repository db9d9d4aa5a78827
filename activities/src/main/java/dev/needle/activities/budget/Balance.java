package dev.needle.activities.budget;

import java.math.BigDecimal;

/**
 * A project's money, each figure a sum of ledger entries: {@code total} of adjustments, {@code spent} of spends,
 * {@code reserved} of reservations less spends and releases; {@code available = total - reserved - spent}.
 */
public record Balance(String currency, BigDecimal total, BigDecimal reserved, BigDecimal spent, BigDecimal available) {

    static Balance of(String currency, BigDecimal adjust, BigDecimal reserve, BigDecimal spend, BigDecimal release) {
        BigDecimal reserved = reserve.subtract(spend).subtract(release);
        return new Balance(currency, adjust, reserved, spend, adjust.subtract(reserved).subtract(spend));
    }
}
