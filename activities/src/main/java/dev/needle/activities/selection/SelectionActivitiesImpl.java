package dev.needle.activities.selection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.needle.activities.BadInputException;
import dev.needle.activities.CodeVersion;
import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.dataset.Split;
import dev.needle.activities.embedding.EmbeddingSetRepository;
import dev.needle.activities.iteration.Batches;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.activities.prediction.PoolView;
import dev.needle.activities.training.ModelVersion;
import dev.needle.activities.training.ModelVersionRepository;
import dev.needle.workflows.messages.commands.QueryBatch;
import dev.needle.workflows.messages.values.BatchItem;
import dev.needle.workflows.messages.values.QueriedBatch;
import dev.needle.workflows.selection.SelectionActivities;

@ApplicationScoped
public class SelectionActivitiesImpl implements SelectionActivities {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the query reads from the database, in one short transaction, before the long computation. */
    private record Work(Dataset dataset, Set<Long> poolIds, Set<Long> labeledIds, String embedder, Long embeddingsImport,
            Long predictionsImport, ModelVersion model) {
    }

    @Inject
    ArtifactStore artifacts;
    @Inject
    IterationRepository iterations;
    @Inject
    Batches batches;
    @Inject
    DatasetRepository datasets;
    @Inject
    SampleRepository samples;
    @Inject
    LabelRepository labels;
    @Inject
    SelectedSampleRepository selections;
    @Inject
    EmbeddingSetRepository embeddingSets;
    @Inject
    ModelVersionRepository models;

    @Override
    public QueriedBatch query(QueryBatch command) {
        boolean coldStart = command.scoresArtifact() == null;
        Strategy requested = Strategy.parse(command.strategy());
        // Without a model there are no scores, and the uncertainty-driven strategies have nothing to rank by: they
        // start from a uniform random batch, as baal's and google/active-learning's loops do. Pure diversity was
        // worse on weak features (on Fashion-MNIST greedy k-center's first 100 labels scored 0.41 and distance²
        // sampling 0.49, against RANDOM's 0.59-0.66). CORESET, asked for by name, stays greedy k-center.
        Strategy used = coldStart && (requested == Strategy.UNCERTAINTY || requested == Strategy.CORAL) ? Strategy.RANDOM
                : requested;

        QueriedBatch recorded = QuarkusTransaction.requiringNew().call(() -> recorded(command.iterationId()));
        if (recorded != null)
            return recorded;

        Work work = QuarkusTransaction.requiringNew()
                .call(
                        () -> {
                            Iteration iteration = iterations.findById(command.iterationId());
                            return new Work(datasets.findById(command.datasetId()),
                                    samples.idsInSplit(command.datasetId(), Split.POOL),
                                    labels.labeledSampleIds(command.datasetId()),
                                    embeddingSets.embedderOf(command.embeddingsArtifact()).orElse(null),
                                    iteration.embeddingsImportId, iteration.predictionsImportId,
                                    command.modelVersion() == null ? null
                                            : models.byVersion(command.modelVersion()).orElse(null));
                        });

        PoolView pool = PoolView.of(SampleMatrix.readFrom(artifacts.open(command.embeddingsArtifact())), work.poolIds(),
                work.labeledIds());
        if (command.batchSize() > pool.unlabeled().length) {
            throw new BadInputException(
                    "batchSize",
                    "is " + command.batchSize() + " but only " + pool.unlabeled().length + " pool images are unlabeled");
        }
        long[] poolIds = pool.embeddings().sampleIds();
        long[] labeledIds = Arrays.stream(pool.labeled()).mapToLong(i -> poolIds[i]).toArray();
        Lineage lineage = new Lineage(
                work.dataset().id, work.dataset().snapshot, work.embedder(), command.embeddingsArtifact(),
                writeIds(poolIds), writeIds(labeledIds), command.modelVersion(), command.scorer(),
                command.scoresArtifact(), requested.name(), used.name(), command.batchSize(), command.seed(),
                SelectionRequest.DEFAULT_STRENGTH, CoralMode.SAMPLED.name(), poolIds.length, labeledIds.length,
                CodeVersion.get(), null, Lineage.source(work.embeddingsImport()),
                coldStart ? null : Lineage.source(work.predictionsImport()),
                work.model() == null ? null : work.model().kind.key(), work.model() == null ? null : work.model().trainerRun);
        Chosen chosen = choose(lineage, pool);

        List<SelectedSample> rows = new ArrayList<>();
        for (int rank = 0; rank < chosen.sampleIds().length; rank++) {
            SelectedSample pick = new SelectedSample();
            pick.iterationId = command.iterationId();
            pick.sampleId = chosen.sampleIds()[rank];
            pick.rank = rank;
            pick.score = chosen.scores() == null ? null : chosen.scores()[rank];
            rows.add(pick);
        }
        String lineageJson = toJson(lineage.withMaxMinDistance(chosen.maxMinDistance()));
        return QuarkusTransaction.requiringNew()
                .call(
                        () -> {
                            // A retry racing a first attempt that committed: keep the first batch.
                            QueriedBatch existing = recorded(command.iterationId());
                            if (existing != null)
                                return existing;
                            selections.persist(rows);
                            Iteration iteration = iterations.findById(command.iterationId());
                            iteration.lineage = lineageJson;
                            iteration.outputs = iteration.outputs.queried(used.name(), coldStart);
                            selections.flush();
                            return new QueriedBatch(used.name(), coldStart, batches.of(command.iterationId()));
                        });
    }

    /** Computes an iteration's batch again from its recorded lineage alone: the sample ids, in pick order. */
    public long[] replay(long iterationId) {
        String json = QuarkusTransaction.requiringNew().call(() -> iterations.findById(iterationId).lineage);
        if (json == null)
            throw new BadInputException("iteration", "iteration " + iterationId + " has no batch yet");
        try {
            Lineage lineage = JSON.readValue(json, Lineage.class);
            Set<Long> poolIds = readIds(lineage.pool());
            Set<Long> labeledIds = readIds(lineage.labeled());
            PoolView pool = PoolView.of(SampleMatrix.readFrom(artifacts.open(lineage.embeddings())), poolIds, labeledIds);
            return choose(lineage, pool).sampleIds();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable lineage of iteration " + iterationId, e);
        }
    }

    /** The batch, with each pick's score, as the lineage's strategy and parameters choose it from the pool. */
    private Chosen choose(Lineage lineage, PoolView pool) {
        Strategy strategy = Strategy.valueOf(lineage.strategy());
        int n = pool.embeddings().rows();
        double[] scores = lineage.scores() == null ? null : alignScores(pool, lineage.scores());
        // RANDOM and UNCERTAINTY get no embeddings: their cover radius alone would cost pool × (labeled + batch)
        // distances, the largest part of a query on a big pool, for a number nobody needs to choose the batch.
        boolean diverse = strategy == Strategy.CORESET || strategy == Strategy.CORAL;
        SelectionResult result = Selector.select(
                SelectionRequest.builder(strategy)
                        .embeddings(diverse
                                ? Embeddings.rowMajor(pool.embeddings().values(), n, pool.embeddings().columns())
                                : null)
                        .poolSize(n)
                        .labeled(pool.labeled())
                        .k(lineage.batchSize())
                        .seed(lineage.seed())
                        .strength(lineage.strength())
                        .coralMode(CoralMode.valueOf(lineage.coralMode()))
                        .scores(strategy == Strategy.CORESET || strategy == Strategy.RANDOM ? null : scores)
                        .build());
        long[] ids = new long[result.picks().length];
        double[] picked = scores == null ? null : new double[ids.length];
        for (int rank = 0; rank < ids.length; rank++) {
            ids[rank] = pool.embeddings().sampleIds()[result.picks()[rank]];
            if (picked != null)
                picked[rank] = scores[result.picks()[rank]];
        }
        return new Chosen(ids, picked, result.maxMinDistance());
    }

    private record Chosen(long[] sampleIds, double[] scores, double maxMinDistance) {
    }

    private String writeIds(long[] ids) {
        SampleMatrix matrix = new SampleMatrix(ids, 0, new float[0]);
        return artifacts.write("sample-ids", matrix::writeTo);
    }

    private Set<Long> readIds(String artifact) {
        Set<Long> ids = new HashSet<>();
        for (long id : SampleMatrix.readFrom(artifacts.open(artifact)).sampleIds())
            ids.add(id);
        return ids;
    }

    private QueriedBatch recorded(long iterationId) {
        List<BatchItem> batch = batches.of(iterationId);
        if (batch.isEmpty())
            return null;
        Iteration iteration = iterations.findById(iterationId);
        return new QueriedBatch(iteration.outputs.strategyUsed(), Boolean.TRUE.equals(iteration.outputs.coldStart()), batch);
    }

    /** Scores exist for unlabeled pool rows only; labeled rows can never be picked, so they get 0. */
    private double[] alignScores(PoolView pool, String scoresArtifact) {
        SampleMatrix scored = SampleMatrix.readFrom(artifacts.open(scoresArtifact));
        Map<Long, Integer> rowOf = scored.index();
        double[] scores = new double[pool.embeddings().rows()];
        for (int i = 0; i < scores.length; i++) {
            Integer row = rowOf.get(pool.embeddings().sampleIds()[i]);
            scores[i] = row == null ? 0 : scored.values()[row];
        }
        return scores;
    }

    private static String toJson(Lineage lineage) {
        try {
            return JSON.writeValueAsString(lineage);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
