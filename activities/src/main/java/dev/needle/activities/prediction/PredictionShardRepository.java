package dev.needle.activities.prediction;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

import dev.needle.workflows.messages.commands.PredictShard;

@ApplicationScoped
public class PredictionShardRepository implements PanacheRepository<PredictionShard> {

    /** The shard, if an earlier attempt or run of the same round finished it. */
    public Optional<PredictionShard> finished(PredictShard shard) {
        return find("iterationId = ?1 and modelId = ?2 and shardSize = ?3 and shardIndex = ?4", shard.iterationId(),
                shard.modelId(), shard.shardSize(), shard.shard()).firstResultOptional();
    }

    /** Images (predicted or skipped) in the finished shards of one round's model and shard size. */
    public long doneInShards(long iterationId, long modelId, int shardSize) {
        Long done = find("select sum(s.predictedCount + s.skippedCount) from PredictionShard s where s.iterationId = ?1"
                + " and s.modelId = ?2 and s.shardSize = ?3", iterationId, modelId, shardSize).project(Long.class)
                .firstResult();
        return done == null ? 0 : done;
    }
}
