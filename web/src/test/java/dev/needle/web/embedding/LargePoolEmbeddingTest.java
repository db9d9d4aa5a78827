package dev.needle.web.embedding;

import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.mockito.InjectSpy;
import io.restassured.path.json.JsonPath;

import dev.needle.activities.StorageConfig;
import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.embedding.EmbeddingActivitiesImpl;
import dev.needle.activities.embedding.EmbeddingRecords;
import dev.needle.activities.embedding.EmbeddingSetRepository;
import dev.needle.activities.embedding.EncodedImage;
import dev.needle.activities.embedding.OnnxEmbedder;
import dev.needle.activities.embedding.TestImages;
import dev.needle.activities.embedding.TinyNet;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.workflows.messages.commands.EmbedShard;

/**
 * Large pools end to end through the embedded Temporal server and the real activities: 20,000 generated images embedded
 * in shards (2,000 each, 4 at a time), one shard failing once after its work was done, hostile files among them; and a
 * project whose embedder is an ONNX network.
 */
@QuarkusTest
class LargePoolEmbeddingTest {

    private static final int POOL = 20_000;

    @InjectSpy
    EmbeddingActivitiesImpl embedding;
    @Inject
    StorageConfig storage;
    @Inject
    ArtifactStore artifacts;
    @Inject
    ProjectRepository projects;
    @Inject
    IterationRepository iterations;
    @Inject
    SampleRepository samples;
    @Inject
    EmbeddingRecords.Shards shards;
    @Inject
    EmbeddingRecords.Skips skips;
    @Inject
    EmbeddingSetRepository embeddingSets;

    @Test
    void aShardedEmbedOf20000Images_survivesAShardFailingOnce_andSkipsHostileFilesWithTheirReasons() throws Exception {
        Path folder = storage.datasetsRoot().resolve("large-pool");
        for (int d = 0; d < 20; d++) {
            Path dir = Files.createDirectories(folder.resolve("pool/d" + d));
            for (int i = 0; i < POOL / 20; i++)
                Files.write(dir.resolve("img-" + i + ".png"), TestImages.tinyPng(d * 10_000L + i, 8));
        }
        for (String c : List.of("a", "b")) {
            Path dir = Files.createDirectories(folder.resolve("eval/" + c));
            for (int i = 0; i < 5; i++)
                Files.write(dir.resolve(c + i + ".png"), TestImages.tinyPng(c.hashCode() * 100L + i, 8));
        }
        Path hostile = Files.createDirectories(folder.resolve("pool/hostile"));
        Files.write(hostile.resolve("zero.png"), new byte[0]);
        byte[] whole = TestImages.tinyPng(1, 16);
        Files.write(hostile.resolve("truncated.png"), Arrays.copyOf(whole, whole.length / 2));
        Files.writeString(hostile.resolve("notes.jpg"), "not a picture\n");
        TestImages.hugePng(hostile.resolve("huge.png"), 20_000, 20_000);
        Files.write(hostile.resolve("deleted.png"), TestImages.tinyPng(2, 8));

        AtomicBoolean failed = new AtomicBoolean();
        doAnswer(call -> {
            Object artifact = call.callRealMethod();
            if (((EmbedShard) call.getArgument(0)).shard() == 3 && failed.compareAndSet(false, true))
                throw new IllegalStateException("worker lost right after finishing shard 3");
            return artifact;
        }).when(embedding).embedShard(any());

        mlops().body(Map.of("slug", "large", "classes", List.of("a", "b"))).post("/api/projects").then().statusCode(201);
        JsonPath dataset = mlops().body(Map.of("name", "v1", "folder", "large-pool"))
                .post("/api/projects/large/datasets").then().statusCode(201).extract().jsonPath();
        assertEquals(POOL + 2, dataset.getInt("poolCount"), "huge.png and deleted.png look fine from their headers");
        assertEquals(3, dataset.getInt("skippedCount"));
        Map<String, String> atRegistration = new HashMap<>();
        dataset.getList("skipped", Map.class)
                .forEach(s -> atRegistration.put((String) s.get("path"), (String) s.get("reason")));
        assertTrue(atRegistration.get("pool/hostile/zero.png").startsWith("empty file"));
        assertTrue(atRegistration.get("pool/hostile/truncated.png").startsWith("truncated"));
        assertTrue(atRegistration.get("pool/hostile/notes.jpg").startsWith("not an image"));
        Files.delete(hostile.resolve("deleted.png")); // gone between registration and embedding

        mlops().body(Map.of("strategy", "CORESET", "batchSize", 10, "seed", 1))
                .post("/api/projects/large/iterations").then().statusCode(202);
        List<JsonPath> seen = new ArrayList<>();
        JsonPath done = awaitIteration("large", 1, state -> {
            if ("EMBED".equals(state.getString("step")) && state.get("progress") != null)
                seen.add(state);
            return "LABELING".equals(state.getString("step")) || !"RUNNING".equals(state.getString("status"));
        });
        assertEquals("LABELING", done.getString("step"), done.prettify());

        int total = POOL + 2 + 10;
        for (JsonPath state : seen) {
            assertEquals(total, state.getInt("progress.total"));
            assertTrue(state.getLong("progress.done") <= total);
        }
        assertEquals(3, done.getInt("skipped.registration"));
        assertEquals(2, done.getInt("skipped.embedding"));
        Map<String, String> atEmbedding = new HashMap<>();
        done.getList("skipped.files", Map.class).stream().filter(f -> f.get("stage").equals("embedding"))
                .forEach(f -> atEmbedding.put((String) f.get("path"), (String) f.get("reason")));
        assertTrue(atEmbedding.get("pool/hostile/huge.png").startsWith("too large: 20000×20000"), atEmbedding.toString());
        assertTrue(atEmbedding.get("pool/hostile/deleted.png").startsWith("cannot read the file"), atEmbedding.toString());

        int shardCount = (total + 1999) / 2000;
        verify(embedding, times(shardCount + 1)).embedShard(any());
        verify(embedding, times(2)).embedShard(argThat(shard -> shard.shard() == 3));

        record Stored(String artifact, long[] expectedIds, long shardRows, long skipRows, List<String> paths) {
        }
        Stored stored = QuarkusTransaction.requiringNew().call(() -> {
            Iteration iteration = iterations.inRound(projects.findBySlug("large").orElseThrow().id, 1).orElseThrow();
            long[] expected = samples.inDataset(iteration.datasetId).stream()
                    .filter(s -> !s.path.equals("pool/hostile/huge.png") && !s.path.equals("pool/hostile/deleted.png"))
                    .mapToLong(s -> s.id).toArray();
            return new Stored(iteration.outputs.embeddings(), expected,
                    shards.count("datasetId", iteration.datasetId),
                    skips.count("datasetId", iteration.datasetId),
                    samples.inDataset(iteration.datasetId).stream().map(s -> s.path).toList());
        });
        List<String> walked = new ArrayList<>(List.of("eval/a/a0.png", "eval/a/a1.png"));
        assertEquals(walked, stored.paths().subList(0, 2), "registration records samples in sorted walk order");
        assertEquals(List.of("pool/d0/img-0.png", "pool/d0/img-1.png", "pool/d0/img-10.png"), stored.paths().subList(10, 13));
        assertEquals("pool/d1/img-0.png", stored.paths().get(10 + POOL / 20));
        assertEquals("pool/d10/img-0.png", stored.paths().get(10 + 2 * POOL / 20));
        assertEquals("pool/hostile/deleted.png", stored.paths().get(10 + POOL));
        SampleMatrix matrix = SampleMatrix.readFrom(artifacts.open(stored.artifact()));
        assertArrayEquals(stored.expectedIds(), matrix.sampleIds(), "every readable image once, in sample order");
        assertEquals(shardCount, stored.shardRows(), "the failed shard was recorded once");
        assertEquals(2, stored.skipRows(), "its skipped files were recorded once");
        assertEquals(matrix.orderHash(), SampleMatrix.readHeader(artifacts.open(stored.artifact())).orderHash());
        String numpy = python("import numpy as np, sys; a = np.load(sys.argv[1]); i = np.load(sys.argv[2]);"
                + " print(a.shape, a.dtype, int(i[0]), int(i[-1]))",
                artifacts.root().resolve(stored.artifact() + ".npy"), artifacts.root().resolve(stored.artifact() + ".ids.npy"));
        assertEquals("(" + matrix.rows() + ", 580) float32 " + matrix.sampleIds()[0] + " "
                + matrix.sampleIds()[matrix.rows() - 1], numpy);

        JsonPath view = mlops().get("/api/projects/large/datasets/{id}", dataset.getLong("id")).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("pool/hostile/huge.png", "pool/hostile/deleted.png").stream().sorted().toList(),
                view.getList("notEmbedded.path", String.class).stream().sorted().toList());
    }

    @Test
    void aProjectWithAnOnnxEmbedder_storesTheNetworksOutput() throws Exception {
        Path models = Files.createDirectories(storage.modelsRoot());
        Path model = TinyNet.copyTo(models);
        Map<String, Object> spec = Map.of("kind", "onnx", "model", "tiny-conv.onnx", "inputSize", 16,
                "mean", List.of(0.5, 0.4, 0.3), "std", List.of(0.25, 0.5, 1.0), "output", "features");

        mlops().body(Map.of("slug", "onnx-bad", "embedder", Map.of("kind", "onnx", "model", "missing.onnx", "inputSize", 16)))
                .post("/api/projects").then().statusCode(400)
                .body("field", org.hamcrest.Matchers.equalTo("embedder.model"));
        mlops().body(Map.of("slug", "onnx-pool", "classes", List.of("a", "b"), "embedder", spec))
                .post("/api/projects").then().statusCode(201).body("embedder.kind", org.hamcrest.Matchers.equalTo("onnx"));

        Path folder = storage.datasetsRoot().resolve("onnx-pool");
        Map<String, byte[]> pixels = new HashMap<>();
        for (String dir : List.of("pool", "eval/a", "eval/b")) {
            Files.createDirectories(folder.resolve(dir));
            for (int i = 0; i < 12; i++) {
                byte[] rgb = new byte[16 * 16 * 3];
                new Random(dir.hashCode() + i).nextBytes(rgb);
                pixels.put(dir + "/" + i + ".png", rgb);
                Files.write(folder.resolve(dir + "/" + i + ".png"), TestImages.png(rgb, 16));
            }
        }
        mlops().body(Map.of("name", "v1", "folder", "onnx-pool")).post("/api/projects/onnx-pool/datasets").then()
                .statusCode(201);
        mlops().body(Map.of("strategy", "CORESET", "batchSize", 4, "seed", 1))
                .post("/api/projects/onnx-pool/iterations").then().statusCode(202);
        JsonPath done = awaitIteration("onnx-pool", 1,
                state -> "LABELING".equals(state.getString("step")) || !"RUNNING".equals(state.getString("status")));
        assertEquals("LABELING", done.getString("step"), done.prettify());

        record Stored(String artifact, String embedder, List<Sample> samples) {
        }
        Stored stored = QuarkusTransaction.requiringNew().call(() -> {
            Iteration iteration = iterations.inRound(projects.findBySlug("onnx-pool").orElseThrow().id, 1).orElseThrow();
            return new Stored(iteration.outputs.embeddings(),
                    embeddingSets.embedderOf(iteration.outputs.embeddings()).orElseThrow(),
                    samples.inDataset(iteration.datasetId));
        });
        SampleMatrix matrix = SampleMatrix.readFrom(artifacts.open(stored.artifact()));
        assertEquals(36, matrix.rows());
        assertEquals(4, matrix.columns(), "the network's 4 features, not the built-in descriptor's 580");
        assertTrue(stored.embedder().startsWith("onnx-"), stored.embedder());
        assertEquals(new OnnxEmbedder(TinyNet.config(model), EncodedImage.Limits.DEFAULT).id(), stored.embedder());
        // Each stored row is the network computed independently from its weights, in plain Java.
        Map<Long, Integer> rows = matrix.index();
        for (Sample sample : stored.samples()) {
            assertArrayEquals(TinyNet.reference(pixels.get(sample.path), 16), matrix.row(rows.get(sample.id)), 1e-4f,
                    sample.path);
        }
    }

    private static String python(String script, Path... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", script));
        for (Path a : args)
            command.add(a.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
