package dev.needle.activities.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class BatchSplitTest {

    @Test
    void roundRobinDealsItemsInPickOrder() {
        assertEquals(List.of("a", "b", "c", "a", "b"), BatchSplit.roundRobin(5, List.of("a", "b", "c")));
    }

    @Test
    void capacitySharesAreProportionalWithTheRemainderToTheLargestFraction() {
        // 10 items over capacities 30:20:10 → 5, 3.33, 1.67 → 5, 3, 2 (the 0.67 remainder beats 0.33).
        List<String> split = BatchSplit.byCapacity(10, capacities("a", 30, "b", 20, "c", 10));
        assertEquals(Map.of("a", 5L, "b", 3L, "c", 2L), counts(split));
    }

    @Test
    void capacitySharesAreInterleavedSoNoOneTakesAllTheFirstPicks() {
        List<String> split = BatchSplit.byCapacity(4, capacities("big", 3, "small", 1));
        assertEquals(List.of("big", "small", "big", "big"), split);
    }

    @Test
    void equalRemaindersGoToTheAnnotatorListedFirst() {
        assertEquals(Map.of("a", 2L, "b", 1L), counts(BatchSplit.byCapacity(3, capacities("a", 1, "b", 1))));
    }

    private static LinkedHashMap<String, Integer> capacities(Object... nameAndCapacity) {
        LinkedHashMap<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < nameAndCapacity.length; i += 2)
            out.put((String) nameAndCapacity[i], (Integer) nameAndCapacity[i + 1]);
        return out;
    }

    private static Map<String, Long> counts(List<String> split) {
        return split.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
