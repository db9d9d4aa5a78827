package dev.needle.activities.selection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.needle.activities.BadInputException;
import dev.needle.activities.CodeVersion;
import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.dataset.Split;
import dev.needle.activities.embedding.EmbeddingSetRepository;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationActivitiesImpl;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.activities.prediction.PoolView;
import dev.needle.workflows.messages.commands.QueryBatch;
import dev.needle.workflows.messages.values.BatchItem;
import dev.needle.workflows.messages.values.QueriedBatch;
import dev.needle.workflows.selection.SelectionActivities;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@ApplicationScoped
public class SelectionActivitiesImpl implements SelectionActivities {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the query reads from the database, in one short transaction, before the long computation. */
  private record Work(Dataset dataset, Map<Long, String> poolPaths, Set<Long> labeledIds, String embedder) {}

  @Inject ArtifactStore artifacts;
  @Inject IterationRepository iterations;
  @Inject IterationActivitiesImpl iterationRecords;
  @Inject DatasetRepository datasets;
  @Inject SampleRepository samples;
  @Inject LabelRepository labels;
  @Inject SelectedSampleRepository selections;
  @Inject EmbeddingSetRepository embeddingSets;

  @Override
  public QueriedBatch query(QueryBatch command) {
    boolean coldStart = command.scoresArtifact() == null;
    Strategy requested = parse(command.strategy());
    // Without a model there are no scores: uncertainty-driven strategies fall back to pure diversity.
    Strategy used =
        coldStart && (requested == Strategy.UNCERTAINTY || requested == Strategy.CORAL) ? Strategy.CORESET : requested;

    QueriedBatch recorded = QuarkusTransaction.requiringNew().call(() -> recorded(command.iterationId()));
    if (recorded != null) return recorded;

    Work work =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  Map<Long, String> poolPaths = new HashMap<>();
                  for (Sample s : samples.inSplit(command.datasetId(), Split.POOL)) poolPaths.put(s.id, s.path);
                  Set<Long> labeledIds = new HashSet<>();
                  labels.inDataset(command.datasetId()).forEach(l -> labeledIds.add(l.sampleId));
                  String embedder = embeddingSets.find("artifact", command.embeddingsArtifact())
                      .firstResultOptional().map(set -> set.embedder).orElse(null);
                  return new Work(datasets.findById(command.datasetId()), poolPaths, labeledIds, embedder);
                });

    SampleMatrix all = SampleMatrix.readFrom(artifacts.open(command.embeddingsArtifact()));
    PoolView pool = PoolView.of(all, work.poolPaths().keySet(), work.labeledIds());
    int n = pool.embeddings().rows();
    double[] scores = coldStart ? null : alignScores(pool, command.scoresArtifact());
    if (command.batchSize() > pool.unlabeled().length) {
      throw new BadInputException(
          "batchSize",
          "is " + command.batchSize() + " but only " + pool.unlabeled().length + " pool images are unlabeled");
    }
    SelectionResult result =
        Selector.select(
            SelectionRequest.builder(used)
                .embeddings(Embeddings.rowMajor(pool.embeddings().values(), n, pool.embeddings().columns()))
                .poolSize(n)
                .labeled(pool.labeled())
                .k(command.batchSize())
                .seed(command.seed())
                .scores(used == Strategy.CORESET || used == Strategy.RANDOM ? null : scores)
                .build());

    List<SelectedSample> rows = new java.util.ArrayList<>();
    for (int rank = 0; rank < result.picks().length; rank++) {
      int index = result.picks()[rank];
      SelectedSample pick = new SelectedSample();
      pick.iterationId = command.iterationId();
      pick.sampleId = pool.embeddings().sampleIds()[index];
      pick.rank = rank;
      pick.score = scores == null ? null : scores[index];
      rows.add(pick);
    }
    String lineage = lineage(command, work, requested, used, pool, result);
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              // A retry racing a first attempt that committed: keep the first batch.
              QueriedBatch existing = recorded(command.iterationId());
              if (existing != null) return existing;
              selections.persist(rows);
              Iteration iteration = iterations.findById(command.iterationId());
              iteration.lineage = lineage;
              iteration.strategyUsed = used.name();
              iteration.coldStart = coldStart;
              selections.flush();
              return new QueriedBatch(used.name(), coldStart, iterationRecords.batchOf(command.iterationId()));
            });
  }

  private QueriedBatch recorded(long iterationId) {
    List<BatchItem> batch = iterationRecords.batchOf(iterationId);
    if (batch.isEmpty()) return null;
    Iteration iteration = iterations.findById(iterationId);
    return new QueriedBatch(iteration.strategyUsed, Boolean.TRUE.equals(iteration.coldStart), batch);
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

  private String lineage(
      QueryBatch command, Work work, Strategy requested, Strategy used, PoolView pool, SelectionResult result) {
    Map<String, Object> lineage = new LinkedHashMap<>();
    lineage.put("dataset", work.dataset().id);
    lineage.put("datasetSnapshot", work.dataset().snapshot);
    lineage.put("embeddings", command.embeddingsArtifact());
    lineage.put("embedder", work.embedder());
    lineage.put("modelVersion", command.modelVersion());
    lineage.put("scorer", command.scorer());
    lineage.put("scores", command.scoresArtifact());
    lineage.put("strategyRequested", requested.name());
    lineage.put("strategy", used.name());
    lineage.put("batchSize", command.batchSize());
    lineage.put("seed", command.seed());
    lineage.put("strength", SelectionRequest.DEFAULT_STRENGTH);
    lineage.put("coralMode", CoralMode.SAMPLED.name());
    lineage.put("poolSize", pool.embeddings().rows());
    lineage.put("poolHash", hash(pool.embeddings().sampleIds()));
    lineage.put("labeledSetSize", pool.labeled().length);
    lineage.put("labeledHash", hash(Arrays.stream(pool.labeled()).mapToLong(i -> pool.embeddings().sampleIds()[i])
        .toArray()));
    lineage.put("maxMinDistance", Double.isFinite(result.maxMinDistance()) ? result.maxMinDistance() : null);
    lineage.put("codeVersion", CodeVersion.get());
    try {
      return JSON.writeValueAsString(lineage);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hash(long[] ids) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      ByteBuffer buffer = ByteBuffer.allocate(8);
      for (long id : ids) {
        buffer.clear();
        sha.update(buffer.putLong(id).array());
      }
      return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Strategy parse(String strategy) {
    try {
      return Strategy.valueOf(strategy);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new BadInputException("strategy", "unknown strategy " + strategy + "; one of " + Arrays.toString(
          Strategy.values()));
    }
  }
}
