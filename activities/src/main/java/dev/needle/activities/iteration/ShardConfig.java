package dev.needle.activities.iteration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How an iteration splits its embed and predict steps; workflows never read config, so this travels in the request. */
@ConfigMapping(prefix = "needle.embedding")
public interface ShardConfig {

    /** Images per embed shard (heartbeating, resumable, recorded when done), and matrix rows per predict shard. */
    @WithDefault("2000")
    int shardSize();

    /** Shards an iteration runs at once, across every worker on the task queue. */
    @WithDefault("4")
    int shardParallelism();
}
