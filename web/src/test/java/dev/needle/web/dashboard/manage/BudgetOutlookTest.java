package dev.needle.web.dashboard.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.needle.web.dashboard.manage.BudgetOutlook.Forecast;
import dev.needle.web.dashboard.manage.BudgetOutlook.RoundFigures;
import dev.needle.web.dashboard.manage.BudgetOutlook.RoundValue;

class BudgetOutlookTest {

    private static RoundFigures round(int n, Double accuracy, String spent, boolean finished) {
        return new RoundFigures(n, accuracy, new BigDecimal(spent), finished);
    }

    @Test
    void givenTheLedgerExample_theForecastAveragesTheLastThreeFinishedRoundsAndRoundsDown() {
        // README's worked example: spent 24, 40, 36; a fourth round is running and has spent 4 so far.
        List<RoundFigures> rounds = List.of(round(1, 0.5, "24", true), round(2, 0.6, "40", true),
                round(3, 0.62, "36", true), round(4, null, "4", false));
        Forecast f = BudgetOutlook.forecast(new BigDecimal("70"), rounds);
        assertEquals(List.of(1, 2, 3), f.rounds().stream().map(RoundFigures::round).toList());
        assertEquals(new BigDecimal("33.33"), f.meanSpend());
        assertEquals(70 / (100 / 3.0), f.exact(), 1e-9);
        assertEquals(2, f.roundsLeft());
        assertEquals("2.10", f.exactText());
    }

    @Test
    void givenMoreThanThreeRounds_onlyTheLatestThreeThatSpentCount() {
        List<RoundFigures> rounds = List.of(round(1, null, "100", true), round(2, null, "10", true),
                round(3, null, "0", true), round(4, null, "20", true), round(5, null, "30", true));
        Forecast f = BudgetOutlook.forecast(new BigDecimal("59.99"), rounds);
        assertEquals(List.of(2, 4, 5), f.rounds().stream().map(RoundFigures::round).toList());
        assertEquals(new BigDecimal("20.00"), f.meanSpend());
        assertEquals(2, f.roundsLeft(), "59.99 / 20 is 2.9995: two whole rounds");
    }

    @Test
    void withoutABudgetOrWithoutSpend_thereIsNoForecast() {
        Forecast unlimited = BudgetOutlook.forecast(null, List.of(round(1, null, "5", true)));
        assertFalse(unlimited.limited());
        assertNull(unlimited.roundsLeft());
        Forecast nothingYet = BudgetOutlook.forecast(BigDecimal.TEN, List.of(round(1, null, "3", false)));
        assertEquals(true, nothingYet.limited());
        assertFalse(nothingYet.computable(), "a running round's partial spend is no basis");
    }

    @Test
    void theGainOfARoundIsOverTheLatestMeasuredRoundBeforeIt_perUnitItSpent() {
        List<RoundValue> value = BudgetOutlook.value(List.of(round(3, 0.70, "20", true), round(1, 0.50, "10", true),
                round(2, null, "0", false), round(4, 0.65, "0", true)));
        assertEquals(List.of(1, 2, 3, 4), value.stream().map(RoundValue::round).toList());
        assertNull(value.get(0).gain(), "the first measured round has nothing to compare with");
        assertNull(value.get(1).gain(), "a round without accuracy has no gain");
        assertEquals(0.20, value.get(2).gain(), 1e-12, "round 3 compares with round 1, the latest measured");
        assertEquals(0.01, value.get(2).gainPerUnit(), 1e-12);
        assertEquals(-0.05, value.get(3).gain(), 1e-12);
        assertNull(value.get(3).gainPerUnit(), "nothing spent: no gain per unit");
    }
}
