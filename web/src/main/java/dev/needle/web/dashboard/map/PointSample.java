package dev.needle.web.dashboard.map;

import java.util.Arrays;

/**
 * Which pool points a browser is sent, at most {@code max}: a scatter plot of a million points is slow to draw and
 * no easier to read than one of 20,000. Every selected point is kept, then labeled ones, then unlabeled ones fill the
 * rest; within a kind, the points kept are those whose id hashes lowest under a fixed seed. The hash depends on the id
 * alone, so the sample does not depend on row order, and a point shown in one round stays shown in the next unless its
 * kind changed.
 */
public final class PointSample {

    public enum Kind {
        LABELED,
        SELECTED,
        UNLABELED
    }

    private PointSample() {
    }

    /**
     * @param ids the pool's sample ids
     * @param kinds the kind of each, at the same index
     * @return whether each is sent
     */
    public static boolean[] choose(long[] ids, Kind[] kinds, int max, long seed) {
        if (ids.length != kinds.length)
            throw new IllegalArgumentException(ids.length + " ids but " + kinds.length + " kinds");
        if (max < 0)
            throw new IllegalArgumentException("max is " + max);
        boolean[] keep = new boolean[ids.length];
        int room = max;
        for (int i = 0; i < ids.length; i++) {
            if (kinds[i] == Kind.SELECTED) {
                keep[i] = true;
                room--;
            }
        }
        room = keepLowest(ids, kinds, Kind.LABELED, Math.max(0, room), seed, keep);
        keepLowest(ids, kinds, Kind.UNLABELED, room, seed, keep);
        return keep;
    }

    /** Keeps the {@code room} points of one kind whose keys are lowest (all of them if they fit); returns room left. */
    private static int keepLowest(long[] ids, Kind[] kinds, Kind kind, int room, long seed, boolean[] keep) {
        int count = 0;
        for (Kind k : kinds)
            if (k == kind)
                count++;
        if (count <= room) {
            for (int i = 0; i < ids.length; i++)
                if (kinds[i] == kind)
                    keep[i] = true;
            return room - count;
        }
        if (room == 0)
            return 0;
        long[] keys = new long[count];
        int n = 0;
        for (int i = 0; i < ids.length; i++)
            if (kinds[i] == kind)
                keys[n++] = key(ids[i], seed);
        long[] sorted = keys.clone();
        Arrays.sort(sorted);
        long threshold = sorted[room - 1];
        // key() is a bijection of the id, so distinct ids have distinct keys and exactly `room` are at or below it.
        for (int i = 0; i < ids.length; i++)
            if (kinds[i] == kind && key(ids[i], seed) <= threshold)
                keep[i] = true;
        return 0;
    }

    /** SplitMix64's finaliser: a bijection on longs that scatters neighbouring ids. */
    static long key(long id, long seed) {
        long z = id ^ seed;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
