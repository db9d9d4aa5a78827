package dev.needle.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class StatsTest {

    @Test
    void meanAndSampleStandardDeviation() {
        Stats s = Stats.of(List.of(0.7, 0.8, 0.9));
        assertEquals(0.8, s.mean(), 1e-12);
        assertEquals(0.1, s.sd(), 1e-12);
        assertEquals(0, Stats.of(List.of(0.5)).sd());
    }

    @Test
    void areaIsTheTrapezoidMeanOverTheLabeledRange() {
        // 100→0.5, 200→0.7, 400→0.8: (100·0.6 + 200·0.75) / 300 = 0.7
        assertEquals(0.7, Stats.area(List.of(100, 200, 400), List.of(0.5, 0.7, 0.8)), 1e-12);
        assertEquals(0.42, Stats.area(List.of(100), List.of(0.42)), 1e-12);
    }

    @Test
    void stepTimesRunFromOneStepEventToTheNext() throws Exception {
        JsonNode events = NeedleApi.JSON.readTree("""
                [{"at":"2026-11-29T00:00:00Z","kind":"STEP","step":"EMBED"},
                 {"at":"2026-11-29T00:00:02.500Z","kind":"STEP","step":"PREDICT"},
                 {"at":"2026-11-29T00:00:03Z","kind":"RESUMED","step":"PREDICT"},
                 {"at":"2026-11-29T00:00:04Z","kind":"STEP","step":"RETRAIN"},
                 {"at":"2026-11-29T00:00:05.250Z","kind":"FINISHED","step":"DONE"}]""");
        assertEquals(Map.of("EMBED", 2.5, "PREDICT", 1.5, "RETRAIN", 1.25), StepTimes.of(events));
    }
}
