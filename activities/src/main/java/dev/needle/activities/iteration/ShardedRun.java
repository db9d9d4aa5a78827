package dev.needle.activities.iteration;

import java.time.Instant;

/**
 * A sharded step's run (embed, or predict with an ONNX network) as its progress reads it: of {@code total} images,
 * {@code doneInShards} are in the shards recorded so far, and {@code doneAtStart} already were when the step
 * (re)started at {@code startedAt}.
 */
public record ShardedRun(long total, long doneAtStart, Instant startedAt, long doneInShards) {
}
