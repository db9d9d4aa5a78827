package dev.needle.workflows.messages.commands;

import java.util.List;

/** Join the shards' predictions, in shard order, into the one predictions artifact of model {@code modelVersion}. */
public record MergePredictions(long iterationId, String modelVersion, List<String> shardArtifacts) {
}
