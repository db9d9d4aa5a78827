package dev.needle.workflows.iteration;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import io.temporal.workflow.Promise;

/** Fan-out over shards with a bound on how many run at once; workflow code, so deterministic and free of I/O. */
final class Shards {

    private Shards() {
    }

    /**
     * Starts {@code start.apply(i)} for every shard i, at most {@code parallelism} at a time, and returns their results
     * in shard order. The first failure (after the activity's own retries) fails the whole.
     */
    static <T> List<T> fanOut(int shards, int parallelism, IntFunction<Promise<T>> start) {
        List<Promise<T>> all = new ArrayList<>(shards);
        List<Promise<T>> running = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            if (running.size() >= Math.max(1, parallelism)) {
                Promise.anyOf(running).get();
                running.removeIf(Promise::isCompleted);
            }
            Promise<T> shard = start.apply(i);
            all.add(shard);
            running.add(shard);
        }
        Promise.allOf(all).get();
        List<T> results = new ArrayList<>(shards);
        for (Promise<T> shard : all)
            results.add(shard.get());
        return results;
    }
}
