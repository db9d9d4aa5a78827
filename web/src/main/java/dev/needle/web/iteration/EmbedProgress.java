package dev.needle.web.iteration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.needle.activities.embedding.EmbeddingRun;
import dev.needle.workflows.messages.values.Progress;

/**
 * The embed step's progress across its shards: images in recorded shards plus what the running shards report in
 * their heartbeats, of the dataset's total; the rate counts only images done since the step (re)started, so reused
 * shards do not inflate it.
 */
final class EmbedProgress {

    private EmbedProgress() {
    }

    /**
     * @param run the step's plan; null before it is recorded, when the running shards are all there is
     * @param doneInShards images in the shards recorded for the plan
     */
    static ProgressView of(EmbeddingRun run, long doneInShards, List<Progress> runningShards) {
        if (run == null)
            return runningShards.stream().findFirst().map(ProgressView::of).orElse(null);
        long done = doneInShards;
        for (Progress shard : runningShards)
            done += shard.done();
        return estimate(done, run.total, run.doneAtStart, Duration.between(run.startedAt, Instant.now()));
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
