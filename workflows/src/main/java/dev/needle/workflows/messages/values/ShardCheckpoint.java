package dev.needle.workflows.messages.values;

import java.util.List;

/**
 * A shard's heartbeat detail: its progress, which a watcher reads like a {@link Progress}, and the artifacts of the
 * chunks it has finished, from which a retried attempt resumes instead of starting over.
 *
 * @param done images finished (embedded or skipped)
 * @param total images in the shard
 * @param chunks artifact ids of the finished chunks, in order; each covers a fixed number of the shard's images
 */
public record ShardCheckpoint(long done, long total, List<String> chunks) {

    public ShardCheckpoint {
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
    }
}
