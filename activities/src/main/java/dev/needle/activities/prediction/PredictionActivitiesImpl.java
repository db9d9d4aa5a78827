package dev.needle.activities.prediction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

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
import dev.needle.activities.dataset.Split;
import dev.needle.activities.embedding.Embedder;
import dev.needle.activities.embedding.EmbeddingActivitiesImpl;
import dev.needle.activities.embedding.EncodedImage;
import dev.needle.activities.embedding.ShardEmbedding;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.activities.model.OnnxClassifier;
import dev.needle.activities.model.TrainerModels;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.activities.training.LinearModel;
import dev.needle.activities.training.ModelKind;
import dev.needle.activities.training.ModelVersion;
import dev.needle.activities.training.ModelVersionRepository;
import dev.needle.workflows.messages.commands.MergePredictions;
import dev.needle.workflows.messages.commands.PlanPrediction;
import dev.needle.workflows.messages.commands.PredictShard;
import dev.needle.workflows.messages.values.PredictionPlan;
import dev.needle.workflows.messages.values.Predictions;
import dev.needle.workflows.messages.values.Progress;
import dev.needle.workflows.messages.values.ShardCheckpoint;
import dev.needle.workflows.prediction.PredictionActivities;

@ApplicationScoped
public class PredictionActivitiesImpl implements PredictionActivities {

    /** Rows between two heartbeats of a shard. */
    private static final int HEARTBEAT_ROWS = 1024;

    @Inject
    ArtifactStore artifacts;
    @Inject
    ProjectRepository projects;
    @Inject
    ModelVersionRepository models;
    @Inject
    SampleRepository samples;
    @Inject
    LabelRepository labels;
    @Inject
    DatasetRepository datasets;
    @Inject
    DatasetRegistry registry;
    @Inject
    PredictionShardRepository finishedShards;
    @Inject
    PredictionRunRepository runs;
    @Inject
    TrainerModels trainerModels;

    @Override
    public PredictionPlan planPrediction(PlanPrediction command) {
        if (command.shardSize() < 1)
            throw new BadInputException("shardSize", "must be positive, was " + command.shardSize());
        ModelVersion model = QuarkusTransaction.requiringNew().call(() -> {
            Project project = projects.findById(command.projectId());
            return project.currentModelId == null ? null : models.findById(project.currentModelId);
        });
        if (model == null || !model.kind.predicts())
            return PredictionPlan.coldStart();
        if (model.kind == ModelKind.PREDICTIONS)
            return new PredictionPlan(model.id, model.version, 0, model.artifact);
        int rows = SampleMatrix.readHeader(artifacts.open(command.embeddingsArtifact())).rows();
        if (model.kind == ModelKind.ONNX)
            startRun(command, model);
        return new PredictionPlan(model.id, model.version, (rows + command.shardSize() - 1) / command.shardSize(), null);
    }

    /** An ONNX network runs for minutes over a large pool: the step's run is what its progress and ETA are read against. */
    private void startRun(PlanPrediction command, ModelVersion model) {
        QuarkusTransaction.requiringNew().run(() -> {
            PredictionRun run = new PredictionRun();
            run.iterationId = command.iterationId();
            run.modelId = model.id;
            run.shardSize = command.shardSize();
            run.total = Math.toIntExact(samples.unlabeledPoolCount(command.datasetId()));
            run.doneAtStart = Math.toIntExact(finishedShards.doneInShards(run.iterationId, model.id, run.shardSize));
            run.startedAt = Instant.now();
            runs.start(run);
            if (run.doneAtStart > 0)
                Log.infof("Iteration %d predicts with %s again: %d of %d images are in shards finished before",
                        run.iterationId, model.version, run.doneAtStart, run.total);
        });
    }

    @Override
    public String predictShard(PredictShard command) {
        SampleMatrix rows;
        try (SeekableByteChannel channel = artifacts.openChannel(command.embeddingsArtifact())) {
            rows = SampleMatrix.readRows(channel, Math.multiplyExact(command.shard(), command.shardSize()),
                    command.shardSize());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long id : rows.sampleIds()) {
            min = Math.min(min, id);
            max = Math.max(max, id);
        }
        long from = min;
        long to = max;
        record Work(ModelVersion model, Set<Long> poolIds, Set<Long> labeledIds, String finished) {
        }
        // Only the ids this shard's rows span: a shard of a million-image pool does not load the whole pool's ids.
        Work work = QuarkusTransaction.requiringNew().call(() -> new Work(models.findById(command.modelId()),
                samples.idsInSplit(command.datasetId(), Split.POOL, from, to),
                labels.labeledSampleIds(command.datasetId(), from, to),
                finishedShards.finished(command).map(shard -> shard.artifact).filter(artifacts::exists).orElse(null)));
        if (work.model() == null)
            throw new BadInputException("model", "no model " + command.modelId());
        if (work.finished() != null)
            return work.finished();
        ActivityExecutionContext context = Activity.getExecutionContext();
        if (work.model().kind == ModelKind.ONNX)
            return onImages(command, work.model(), unlabeledPool(rows, work.poolIds(), work.labeledIds()), context);
        LinearModel model = LinearModel.fromBytes(artifacts.read(work.model().artifact));
        SampleMatrix predictions = probabilities(model, rows, work.poolIds(), work.labeledIds(),
                done -> context.heartbeat(new Progress(done, rows.rows())));
        // Content-addressed: a retried shard writes the same artifact again rather than a second one.
        return artifacts.write("predictions-shard", predictions::writeTo);
    }

    /** The shard's unlabeled pool images, in row order: the only ones that get a prediction. */
    private static long[] unlabeledPool(SampleMatrix rows, Set<Long> poolIds, Set<Long> labeledIds) {
        return Arrays.stream(rows.sampleIds()).filter(id -> poolIds.contains(id) && !labeledIds.contains(id)).toArray();
    }

    /**
     * A trainer's ONNX network over the shard's images, in checkpointed chunks as the embed step runs (a retried attempt
     * resumes after its last checkpoint); the finished shard is recorded, so a round resumed after a restart skips it.
     * An image that can no longer be read gets no prediction, as the embed step skips it.
     */
    private String onImages(PredictShard command, ModelVersion model, long[] ids, ActivityExecutionContext context) {
        record Images(Dataset dataset, Map<Long, String> paths) {
        }
        Images images = QuarkusTransaction.requiringNew().call(() -> {
            Map<Long, String> paths = new HashMap<>();
            for (Sample sample : samples.byIds(Arrays.stream(ids).boxed().toList()))
                paths.put(sample.id, sample.path);
            return new Images(datasets.findById(command.datasetId()), paths);
        });
        Path folder = registry.folderOf(images.dataset());
        List<Path> files = Arrays.stream(ids).mapToObj(id -> folder.resolve(images.paths().get(id))).toList();
        ShardEmbedding.Result result;
        try {
            result = onnxShard(trainerModels.classifier(model), model.version, artifacts,
                    Runtime.getRuntime().availableProcessors())
                    .run(ids, files, context.getHeartbeatDetails(ShardCheckpoint.class).orElse(null),
                            context::heartbeat, skips -> skips.forEach(skip -> Log.warnf("Not predicted: %s (%s)",
                                    skip.file(), skip.reason())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Activity.wrap(e);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            if (finishedShards.finished(command).isPresent())
                return;
            PredictionShard shard = new PredictionShard();
            shard.iterationId = command.iterationId();
            shard.modelId = model.id;
            shard.shardSize = command.shardSize();
            shard.shardIndex = command.shard();
            shard.artifact = result.artifact();
            shard.predictedCount = result.embedded();
            shard.skippedCount = result.skipped();
            finishedShards.persist(shard);
        });
        return result.artifact();
    }

    /**
     * How a shard's images go through a trainer's ONNX network: on {@code threads} threads, a few images per network
     * call, in checkpointed chunks, each image's class probabilities a row of the {@code predictions} artifacts. Public
     * so that {@code bench/predict.sh} times exactly this.
     */
    public static ShardEmbedding onnxShard(OnnxClassifier classifier, String modelVersion, ArtifactStore artifacts,
            int threads) {
        Embedder probabilities = classifier.probabilities("onnx-" + modelVersion, EncodedImage.Limits.DEFAULT);
        return new ShardEmbedding(probabilities, artifacts, threads, EmbeddingActivitiesImpl.CHUNK, "predictions");
    }

    @Override
    public Predictions mergePredictions(MergePredictions command) {
        SampleMatrix merged = artifacts.readConcatenated(command.shardArtifacts());
        return new Predictions(artifacts.write("predictions", merged::writeTo), command.modelVersion());
    }

    /**
     * The model's class probabilities for the rows of {@code embeddings} that are unlabeled pool images, in row order;
     * {@code progress} hears the rows done now and then. Sharded or not, every prediction comes from here.
     */
    static SampleMatrix probabilities(LinearModel model, SampleMatrix embeddings, Set<Long> poolIds,
            Set<Long> labeledIds, IntConsumer progress) {
        int c = model.classes().size();
        long[] ids = new long[embeddings.rows()];
        float[] probabilities = new float[embeddings.rows() * c];
        int n = 0;
        for (int row = 0; row < embeddings.rows(); row++) {
            long id = embeddings.sampleIds()[row];
            if (poolIds.contains(id) && !labeledIds.contains(id)) {
                ids[n] = id;
                double[] p = model.probabilities(embeddings.row(row));
                for (int k = 0; k < c; k++)
                    probabilities[n * c + k] = (float) p[k];
                n++;
            }
            if ((row + 1) % HEARTBEAT_ROWS == 0)
                progress.accept(row + 1);
        }
        return new SampleMatrix(java.util.Arrays.copyOf(ids, n), c, java.util.Arrays.copyOf(probabilities, n * c));
    }
}
