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
}
