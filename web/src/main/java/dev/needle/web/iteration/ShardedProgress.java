package dev.needle.web.iteration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.needle.activities.iteration.ShardedRun;
import dev.needle.workflows.messages.values.Progress;

/**
 * A sharded step's progress (embed, or predict with an ONNX network): images in recorded shards plus what the running
 * shards report in their heartbeats, of the step's total; the rate counts only images done since the step
 * (re)started, so shards finished before a restart do not inflate it.
 */
final class ShardedProgress {

    private ShardedProgress() {
    }

    /** @param run the step's run; null when it has none (yet), and the running activity's heartbeat is all there is */
    static ProgressView of(ShardedRun run, List<Progress> runningShards) {
        if (run == null)
            return runningShards.stream().findFirst().map(ProgressView::of).orElse(null);
        long done = run.doneInShards();
        for (Progress shard : runningShards)
            done += shard.done();
        return estimate(done, run.total(), run.doneAtStart(), Duration.between(run.startedAt(), Instant.now()));
    }

    /**
     * @param done images finished, counting shards reused from before the step started
     * @param doneAtStart images already finished when the step started: they took no time now, so the rate leaves
     *        them out
     */
    static ProgressView estimate(long done, long total, long doneAtStart, Duration elapsed) {
        // A shard records itself just before its activity completes: for a moment it is counted twice.
        done = Math.min(done, total);
        double seconds = elapsed.toMillis() / 1000.0;
        long fresh = done - doneAtStart;
        if (seconds < 1 || fresh <= 0)
            return new ProgressView(done, total, null, null);
        double rate = fresh / seconds;
        return new ProgressView(done, total, rate, Math.round((total - done) / rate));
    }
}
