package dev.needle.web.dashboard.map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.needle.web.dashboard.map.PointSample.Kind;

class PointSampleTest {

    @Test
    void givenMorePointsThanTheCap_itKeepsEverySelectedAndLabeledOneAndFillsTheRestWithUnlabeled() {
        int n = 100_000;
        long[] ids = new long[n];
        Kind[] kinds = new Kind[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + i;
            kinds[i] = i % 50 == 0 ? Kind.SELECTED : i % 50 == 1 ? Kind.LABELED : Kind.UNLABELED;
        }
        boolean[] keep = PointSample.choose(ids, kinds, 20_000, 1);
        assertEquals(20_000, count(keep, kinds, null));
        assertEquals(2_000, count(keep, kinds, Kind.SELECTED));
        assertEquals(2_000, count(keep, kinds, Kind.LABELED));
        assertEquals(16_000, count(keep, kinds, Kind.UNLABELED));
        assertArrayEquals(keep, PointSample.choose(ids, kinds, 20_000, 1), "the same input, the same sample");
    }

    @Test
    void theSampleDependsOnTheIdsNotTheirOrder_andASmallPoolIsSentWhole() {
        long[] ids = new long[5_000];
        Kind[] kinds = new Kind[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 7 * i + 3;
            kinds[i] = Kind.UNLABELED;
        }
        boolean[] keep = PointSample.choose(ids, kinds, 1_000, 9);
        long[] reversed = new long[ids.length];
        for (int i = 0; i < ids.length; i++)
            reversed[i] = ids[ids.length - 1 - i];
        boolean[] keepReversed = PointSample.choose(reversed, kinds, 1_000, 9);
        assertEquals(kept(ids, keep), kept(reversed, keepReversed));
        assertEquals(1_000, kept(ids, keep).size());

        boolean[] all = PointSample.choose(ids, kinds, 20_000, 9);
        assertTrue(all.length == ids.length && kept(ids, all).size() == ids.length);
    }

    @Test
    void labeledBeyondTheRoomLeft_areSampledThemselves() {
        long[] ids = { 1, 2, 3, 4, 5, 6 };
        Kind[] kinds = { Kind.SELECTED, Kind.SELECTED, Kind.LABELED, Kind.LABELED, Kind.LABELED, Kind.UNLABELED };
        boolean[] keep = PointSample.choose(ids, kinds, 3, 0);
        assertEquals(2, count(keep, kinds, Kind.SELECTED));
        assertEquals(1, count(keep, kinds, Kind.LABELED));
        assertEquals(0, count(keep, kinds, Kind.UNLABELED));
        // More selected than the cap: all of them still go, nothing else does.
        boolean[] tight = PointSample.choose(ids, kinds, 1, 0);
        assertArrayEquals(new boolean[] { true, true, false, false, false, false }, tight);
    }

    private static int count(boolean[] keep, Kind[] kinds, Kind kind) {
        int c = 0;
        for (int i = 0; i < keep.length; i++)
            if (keep[i] && (kind == null || kinds[i] == kind))
                c++;
        return c;
    }

    private static Set<Long> kept(long[] ids, boolean[] keep) {
        Set<Long> out = new HashSet<>();
        for (int i = 0; i < ids.length; i++)
            if (keep[i])
                out.add(ids[i]);
        return out;
    }

    @Test
    void theKeyIsABijectionOnNeighbouringIds() {
        long[] keys = new long[10_000];
        for (int i = 0; i < keys.length; i++)
            keys[i] = PointSample.key(i, 5);
        assertEquals(keys.length, Arrays.stream(keys).distinct().count());
    }
}
