package dev.needle.web.prediction;

import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.mockito.InjectSpy;
import io.restassured.path.json.JsonPath;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;

import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.prediction.PredictionActivitiesImpl;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.web.SmallProject;
import dev.needle.workflows.messages.commands.MergePredictions;
import dev.needle.workflows.messages.commands.PlanPrediction;
import dev.needle.workflows.messages.commands.PredictShard;
import dev.needle.workflows.messages.values.PredictionPlan;
import dev.needle.workflows.messages.values.Predictions;
import dev.needle.workflows.prediction.PredictionActivities;

/**
 * The predict step in shards through the embedded Temporal server and the real activities: shards of 7 matrix rows, 2
 * at a time, one failing once after its work was done; the merged predictions are those of one shard over the whole matrix, bit
 * for bit.
 */
@QuarkusTest
@TestProfile(ShardedPredictionTest.SmallShards.class)
class ShardedPredictionTest {

    private static final String PROJECT = "sharded-predict";
    private static final int SHARD_SIZE = 7;

    public static class SmallShards implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("needle.embedding.shard-size", Integer.toString(SHARD_SIZE),
                    "needle.embedding.shard-parallelism", "2");
        }
    }

    @InjectSpy
    PredictionActivitiesImpl prediction;
    @Inject
    DatasetRegistry registry;
    @Inject
    ArtifactStore artifacts;
    @Inject
    IterationRepository iterations;
    @Inject
    ProjectRepository projects;

    @Test
    void shardedPredictions_withAShardFailingOnce_equalTheUnshardedOnesBitForBit() throws Exception {
        SmallProject.create(registry.datasetsRoot(), PROJECT, 30, 3);
        labelWholeRound(1); // round 1 is a cold start; its labels train the model round 2 predicts with

        AtomicBoolean failed = new AtomicBoolean();
        doAnswer(call -> {
            Object artifact = call.callRealMethod();
            if (((PredictShard) call.getArgument(0)).shard() == 1 && failed.compareAndSet(false, true))
                throw new IllegalStateException("worker lost right after finishing shard 1");
            return artifact;
        }).when(prediction).predictShard(any());
        mlops().body(Map.of("strategy", "UNCERTAINTY", "batchSize", 6, "seed", 3))
                .post("/api/projects/{p}/iterations", PROJECT).then().statusCode(202);
        JsonPath round2 = awaitIteration(PROJECT, 2,
                s -> "LABELING".equals(s.getString("step")) || !"RUNNING".equals(s.getString("status")));
        assertEquals("LABELING", round2.getString("step"), round2.prettify());

        Iteration iteration = QuarkusTransaction.requiringNew()
                .call(() -> iterations.inRound(projects.findBySlug(PROJECT).orElseThrow().id, 2).orElseThrow());
        assertNotNull(iteration.outputs.predictions());
        int rows = SampleMatrix.readHeader(artifacts.open(iteration.outputs.embeddings())).rows();
        int shards = (rows + SHARD_SIZE - 1) / SHARD_SIZE;
        verify(prediction, times(shards + 1)).predictShard(any());
        verify(prediction, times(2)).predictShard(argThat(shard -> shard.shard() == 1));

        // The whole matrix as one shard: what a single pass over the pool gives.
        String embeddings = iteration.outputs.embeddings();
        PredictionPlan plan = prediction.planPrediction(
                new PlanPrediction(iteration.id, iteration.projectId, iteration.datasetId, embeddings, rows));
        TestActivityEnvironment activity = TestActivityEnvironment.newInstance();
        String single;
        try {
            activity.registerActivitiesImplementations(prediction);
            single = activity.newActivityStub(PredictionActivities.class,
                    ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build())
                    .predictShard(new PredictShard(iteration.id, iteration.datasetId, embeddings, plan.modelId(), rows, 0));
        } finally {
            activity.close();
        }
        Predictions unsharded = prediction.mergePredictions(
                new MergePredictions(iteration.id, plan.modelVersion(), List.of(single)));
        assertEquals(round2.getString("modelUsed"), unsharded.modelVersion());
        SampleMatrix merged = SampleMatrix.readFrom(artifacts.open(iteration.outputs.predictions()));
        SampleMatrix whole = SampleMatrix.readFrom(artifacts.open(unsharded.artifact()));
        assertEquals(30 - 6, merged.rows(), "every unlabeled pool image once, eval images and labeled ones left out");
        assertArrayEquals(whole.sampleIds(), merged.sampleIds());
        assertArrayEquals(whole.values(), merged.values());
        assertEquals(unsharded.artifact(), iteration.outputs.predictions(), "content-addressed: the same bytes");
    }

    private static void labelWholeRound(int round) {
        mlops().body(Map.of("strategy", "CORESET", "batchSize", 6, "seed", 7))
                .post("/api/projects/{p}/iterations", PROJECT).then().statusCode(202);
        JsonPath labeling = awaitIteration(PROJECT, round, s -> "LABELING".equals(s.getString("step")));
        List<Map<String, String>> labels = new ArrayList<>();
        List<String> files = labeling.getList("batch.fileName");
        for (int i = 0; i < files.size(); i++)
            labels.add(Map.of("fileName", files.get(i), "label", i % 2 == 0 ? "bag" : "trouser"));
        annotator().body(Map.of("labels", labels)).post("/api/projects/{p}/iterations/{r}/labels", PROJECT, round)
                .then().statusCode(200);
        JsonPath done = awaitIteration(PROJECT, round, s -> !"RUNNING".equals(s.getString("status")));
        assertEquals("COMPLETED", done.getString("status"), done.prettify());
    }
}
