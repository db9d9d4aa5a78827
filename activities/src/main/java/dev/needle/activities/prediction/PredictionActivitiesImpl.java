package dev.needle.activities.prediction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.util.Set;
import java.util.function.IntConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;

import dev.needle.activities.BadInputException;
import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.dataset.Split;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.activities.training.LinearModel;
import dev.needle.activities.training.ModelVersion;
import dev.needle.activities.training.ModelVersionRepository;
import dev.needle.workflows.messages.commands.MergePredictions;
import dev.needle.workflows.messages.commands.PlanPrediction;
import dev.needle.workflows.messages.commands.PredictShard;
import dev.needle.workflows.messages.values.PredictionPlan;
import dev.needle.workflows.messages.values.Predictions;
import dev.needle.workflows.messages.values.Progress;
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

    @Override
    public PredictionPlan planPrediction(PlanPrediction command) {
        if (command.shardSize() < 1)
            throw new BadInputException("shardSize", "must be positive, was " + command.shardSize());
        ModelVersion model = QuarkusTransaction.requiringNew().call(() -> {
            Project project = projects.findById(command.projectId());
            return project.currentModelId == null ? null : models.findById(project.currentModelId);
        });
        if (model == null)
            return PredictionPlan.coldStart();
        int rows = SampleMatrix.readHeader(artifacts.open(command.embeddingsArtifact())).rows();
        return new PredictionPlan(model.id, model.version, (rows + command.shardSize() - 1) / command.shardSize());
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
        record Work(ModelVersion model, Set<Long> poolIds, Set<Long> labeledIds) {
        }
        // Only the ids this shard's rows span: a shard of a million-image pool does not load the whole pool's ids.
        Work work = QuarkusTransaction.requiringNew().call(() -> new Work(models.findById(command.modelId()),
                samples.idsInSplit(command.datasetId(), Split.POOL, from, to),
                labels.labeledSampleIds(command.datasetId(), from, to)));
        if (work.model() == null)
            throw new BadInputException("model", "no model " + command.modelId());
        LinearModel model = LinearModel.fromBytes(artifacts.read(work.model().artifact));
        ActivityExecutionContext context = Activity.getExecutionContext();
        SampleMatrix predictions = probabilities(model, rows, work.poolIds(), work.labeledIds(),
                done -> context.heartbeat(new Progress(done, rows.rows())));
        // Content-addressed: a retried shard writes the same artifact again rather than a second one.
        return artifacts.write("predictions-shard", predictions::writeTo);
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
