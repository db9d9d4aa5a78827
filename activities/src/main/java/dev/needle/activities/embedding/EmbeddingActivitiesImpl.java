package dev.needle.activities.embedding;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;

import dev.needle.activities.BadInputException;
import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.workflows.embedding.EmbeddingActivities;
import dev.needle.workflows.messages.commands.EmbedShard;
import dev.needle.workflows.messages.commands.MergeShards;
import dev.needle.workflows.messages.commands.PlanEmbedding;
import dev.needle.workflows.messages.values.EmbeddingPlan;
import dev.needle.workflows.messages.values.ShardCheckpoint;

@ApplicationScoped
public class EmbeddingActivitiesImpl implements EmbeddingActivities {

    /** Images per checkpoint within a shard: a retry redoes at most this many. */
    public static final int CHUNK = 512;

    @Inject
    ArtifactStore artifacts;
    @Inject
    DatasetRegistry registry;
    @Inject
    DatasetRepository datasets;
    @Inject
    ProjectRepository projects;
    @Inject
    SampleRepository samples;
    @Inject
    EmbeddingSetRepository cache;
    @Inject
    EmbeddingRecords records;
    @Inject
    Embedders embedders;

    @Override
    public EmbeddingPlan plan(PlanEmbedding command) {
        if (command.shardSize() < 1)
            throw new BadInputException("shardSize", "must be positive, was " + command.shardSize());
        return QuarkusTransaction.requiringNew().call(() -> {
            Dataset dataset = dataset(command.datasetId());
            Embedder embedder = embedders.of(projects.findById(dataset.projectId));
            int total = Math.toIntExact(samples.count("datasetId", dataset.id));
            Optional<EmbeddingSet> cached = cache.cached(dataset.id, dataset.snapshot, embedder.id());
            if (cached.isPresent() && artifacts.exists(cached.get().artifact))
                return new EmbeddingPlan(cached.get().artifact, embedder.id(), total, 0);
            EmbeddingRun run = new EmbeddingRun();
            run.iterationId = command.iterationId();
            run.datasetId = dataset.id;
            run.snapshot = dataset.snapshot;
            run.embedder = embedder.id();
            run.shardSize = command.shardSize();
            run.total = total;
            run.doneAtStart = (int) records.doneInShards(dataset.id, dataset.snapshot, embedder.id(), command.shardSize());
            run.startedAt = Instant.now();
            records.startRun(run);
            return new EmbeddingPlan(null, embedder.id(), total, (total + command.shardSize() - 1) / command.shardSize());
        });
    }

    @Override
    public String embedShard(EmbedShard command) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        return embedShard(command, context.getHeartbeatDetails(ShardCheckpoint.class).orElse(null));
    }

    private String embedShard(EmbedShard command, ShardCheckpoint resume) {
        record Work(Dataset dataset, Embedder embedder, String recorded, List<Sample> samples) {
        }
        Work work = QuarkusTransaction.requiringNew().call(() -> {
            Dataset dataset = dataset(command.datasetId());
            Embedder embedder = embedders.of(projects.findById(dataset.projectId));
            if (!embedder.id().equals(command.embedder())) {
                throw new BadInputException("embedder", "the project's embedder changed while iteration "
                        + command.iterationId() + " was embedding; start a new iteration");
            }
            Optional<EmbeddingShard> done = records.shard(dataset.id, dataset.snapshot, embedder.id(),
                    command.shardSize(), command.shard());
            if (done.isPresent() && artifacts.exists(done.get().artifact))
                return new Work(dataset, embedder, done.get().artifact, List.of());
            return new Work(dataset, embedder, null,
                    samples.slice(dataset.id, command.shard() * command.shardSize(), command.shardSize()));
        });
        if (work.recorded() != null)
            return work.recorded();

        Path folder = registry.folderOf(work.dataset());
        long[] ids = work.samples().stream().mapToLong(s -> s.id).toArray();
        List<Path> files = work.samples().stream().map(s -> folder.resolve(s.path)).toList();
        Map<Long, String> paths = new HashMap<>();
        work.samples().forEach(s -> paths.put(s.id, s.path));
        ActivityExecutionContext context = Activity.getExecutionContext();
        ShardEmbedding.Result result;
        try {
            result = new ShardEmbedding(work.embedder(), artifacts, Runtime.getRuntime().availableProcessors(), CHUNK)
                    .run(ids, files, resume, context::heartbeat,
                            skips -> recordSkips(work.dataset(), work.embedder().id(), skips, paths));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Activity.wrap(e);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Dataset dataset = work.dataset();
            if (records.shard(dataset.id, dataset.snapshot, command.embedder(), command.shardSize(), command.shard())
                    .isPresent())
                return;
            EmbeddingShard shard = new EmbeddingShard();
            shard.datasetId = dataset.id;
            shard.snapshot = dataset.snapshot;
            shard.embedder = command.embedder();
            shard.shardSize = command.shardSize();
            shard.shardIndex = command.shard();
            shard.artifact = result.artifact();
            shard.embeddedCount = result.embedded();
            shard.skippedCount = result.skipped();
            records.record(shard);
        });
        return result.artifact();
    }

    private void recordSkips(Dataset dataset, String embedder, List<ShardEmbedding.Skip> skips, Map<Long, String> paths) {
        if (skips.isEmpty())
            return;
        List<EmbeddingSkip> rows = new ArrayList<>();
        for (ShardEmbedding.Skip skip : skips) {
            Log.warnf("Not embedded: %s (%s)", skip.file(), skip.reason());
            EmbeddingSkip row = new EmbeddingSkip();
            row.datasetId = dataset.id;
            row.snapshot = dataset.snapshot;
            row.embedder = embedder;
            row.sampleId = skip.sampleId();
            row.path = paths.get(skip.sampleId());
            row.reason = skip.reason().length() > 1000 ? skip.reason().substring(0, 1000) : skip.reason();
            rows.add(row);
        }
        QuarkusTransaction.requiringNew().run(() -> records.recordSkips(rows));
    }

    @Override
    public String mergeShards(MergeShards command) {
        Dataset dataset = QuarkusTransaction.requiringNew().call(() -> dataset(command.datasetId()));
        SampleMatrix matrix = artifacts.readConcatenated(command.shardArtifacts());
        String artifact = artifacts.write("embeddings", matrix::writeTo);
        // For people: the same matrix and its row order (sample ids) as numpy files beside the artifact.
        artifacts.writeBeside(artifact, ".npy", out -> matrix.writeNpyTo(out, SampleMatrix.Dtype.FLOAT32));
        artifacts.writeBeside(artifact, ".ids.npy", matrix::writeIdsNpyTo);
        int skipped = QuarkusTransaction.requiringNew().call(() -> Math.toIntExact(
                records.countSkips(dataset.id, dataset.snapshot, command.embedder())));
        int dimension = matrix.columns();
        QuarkusTransaction.requiringNew().run(() -> {
            if (cache.cached(dataset.id, dataset.snapshot, command.embedder()).isPresent())
                return;
            EmbeddingSet set = new EmbeddingSet();
            set.datasetId = dataset.id;
            set.snapshot = dataset.snapshot;
            set.embedder = command.embedder();
            set.artifact = artifact;
            set.dimension = dimension;
            set.sampleCount = matrix.rows();
            set.failedCount = skipped;
            set.createdAt = Instant.now();
            cache.persist(set);
        });
        return artifact;
    }

    private Dataset dataset(long id) {
        return datasets.findByIdOptional(id).orElseThrow(() -> new BadInputException("dataset", "no dataset " + id));
    }
}
