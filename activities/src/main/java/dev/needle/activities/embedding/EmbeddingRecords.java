package dev.needle.activities.embedding;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

/** Shards, skipped images and runs of the embed step, by the (dataset, snapshot, embedder) they belong to. */
@ApplicationScoped
public class EmbeddingRecords {

    @ApplicationScoped
    public static class Shards implements PanacheRepository<EmbeddingShard> {
    }

    @ApplicationScoped
    public static class Skips implements PanacheRepository<EmbeddingSkip> {
    }

    @ApplicationScoped
    public static class Runs implements PanacheRepository<EmbeddingRun> {
    }

    @Inject
    Shards shards;
    @Inject
    Skips skips;
    @Inject
    Runs runs;

    public Optional<EmbeddingShard> shard(long datasetId, String snapshot, String embedder, int shardSize, int index) {
        return shards.find("datasetId = ?1 and snapshot = ?2 and embedder = ?3 and shardSize = ?4 and shardIndex = ?5",
                datasetId, snapshot, embedder, shardSize, index).firstResultOptional();
    }

    /** Images (embedded or skipped) in the finished shards of one shard size. */
    public long doneInShards(long datasetId, String snapshot, String embedder, int shardSize) {
        Long done = shards.find("select sum(s.embeddedCount + s.skippedCount) from EmbeddingShard s where s.datasetId = ?1"
                + " and s.snapshot = ?2 and s.embedder = ?3 and s.shardSize = ?4", datasetId, snapshot, embedder, shardSize)
                .project(Long.class).firstResult();
        return done == null ? 0 : done;
    }

    public void record(EmbeddingShard shard) {
        shards.persist(shard);
    }

    /** Stores the skips whose sample has none yet, so a chunk retried after a crash adds nothing twice. */
    public void recordSkips(Collection<EmbeddingSkip> found) {
        if (found.isEmpty())
            return;
        EmbeddingSkip any = found.iterator().next();
        Set<Long> known = new HashSet<>(skips.find("select k.sampleId from EmbeddingSkip k where k.datasetId = ?1"
                + " and k.snapshot = ?2 and k.embedder = ?3 and k.sampleId in ?4", any.datasetId, any.snapshot, any.embedder,
                found.stream().map(k -> k.sampleId).toList()).project(Long.class).list());
        for (EmbeddingSkip skip : found) {
            if (known.add(skip.sampleId))
                skips.persist(skip);
        }
    }

    public long countSkips(long datasetId, String snapshot, String embedder) {
        return skips.count("datasetId = ?1 and snapshot = ?2 and embedder = ?3", datasetId, snapshot, embedder);
    }

    /** The first {@code limit} skips in sample order. */
    public List<EmbeddingSkip> skips(long datasetId, String snapshot, String embedder, int limit) {
        return skips.find("datasetId = ?1 and snapshot = ?2 and embedder = ?3 order by sampleId", datasetId, snapshot,
                embedder).page(0, limit).list();
    }

    /** Every embedder's skips for the dataset's current snapshot. */
    public List<EmbeddingSkip> skipsOfDataset(long datasetId, String snapshot, int limit) {
        return skips.find("datasetId = ?1 and snapshot = ?2 order by sampleId", datasetId, snapshot).page(0, limit).list();
    }

    public Optional<EmbeddingRun> run(long iterationId) {
        return runs.find("iterationId", iterationId).firstResultOptional();
    }

    /** Records the start of an iteration's embed step; a resumed step starts its clock again. */
    public void startRun(EmbeddingRun run) {
        runs.delete("iterationId", run.iterationId);
        runs.flush();
        runs.persist(run);
    }
}
