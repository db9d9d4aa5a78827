package dev.needle.activities.assignment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Pure: which annotator gets each item of a batch, items in pick order. Deterministic for the same input. */
public final class BatchSplit {

    private BatchSplit() {
    }

    /** Item i goes to annotator i mod k, so everyone gets the same share (±1) of early and late picks. */
    public static List<String> roundRobin(int items, List<String> annotators) {
        List<String> out = new ArrayList<>(items);
        for (int i = 0; i < items; i++)
            out.add(annotators.get(i % annotators.size()));
        return out;
    }

    /**
     * Shares in proportion to capacity (largest remainder, ties to the annotator listed first), handed out
     * interleaved: each next item goes to whoever has the largest fraction of their share still to receive, so a
     * large share does not take all the first (most informative) picks.
     */
    public static List<String> byCapacity(int items, LinkedHashMap<String, Integer> capacity) {
        List<String> names = new ArrayList<>(capacity.keySet());
        long total = capacity.values().stream().mapToLong(Integer::longValue).sum();
        int[] share = new int[names.size()];
        long[] remainder = new long[names.size()];
        int given = 0;
        for (int a = 0; a < names.size(); a++) {
            long scaled = (long) items * capacity.get(names.get(a));
            share[a] = (int) (scaled / total);
            remainder[a] = scaled % total;
            given += share[a];
        }
        for (; given < items; given++) {
            int best = 0;
            for (int a = 1; a < names.size(); a++)
                if (remainder[a] > remainder[best])
                    best = a;
            share[best]++;
            remainder[best] = -1;
        }
        int[] received = new int[names.size()];
        List<String> out = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            int best = -1;
            for (int a = 0; a < names.size(); a++) {
                if (received[a] == share[a])
                    continue;
                // (share - received) / share compared without division: a/b > c/d ⇔ a·d > c·b
                if (best < 0
                        || (long) (share[a] - received[a]) * share[best] > (long) (share[best] - received[best]) * share[a])
                    best = a;
            }
            received[best]++;
            out.add(names.get(best));
        }
        return out;
    }
}
