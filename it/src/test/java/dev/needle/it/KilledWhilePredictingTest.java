package dev.needle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.needle.eval.FashionMnist;

/**
 * A kill -9 of the packaged application while a trainer's ONNX network predicts a 20,000-image pool: the restarted
 * round runs only the shards that were not finished, and reaches labeling with its model's predictions.
 */
class KilledWhilePredictingTest {

    private static final int POOL = 20_000;
    private static final int BATCH = 100;
    /** Where a round is until its predictions exist (a null step before the first). */
    private static final java.util.Set<String> BEFORE_SCORING = java.util.Set.of("null", "EMBED", "PREDICT");

    @TempDir
    Path data;

    @Test
    void givenAnOnnxModelPredictingALargePool_whenNeedleIsKilled_theRoundResumesFromTheFinishedShards()
            throws IOException {
        FashionMnist.Folder dataset = FashionMnist.write(FashionMnist.DEBIAN, data.resolve("datasets"), POOL, 500);
        int port = Waiting.freePort();
        Process trainer = TrainerInTheLoopTest.referenceTrainer(port, data);
        JsonNode predicting;
        try {
            try (NeedleProcess needle = NeedleProcess.embedded(data)) {
                needle.postJson("mlops", "/api/projects", Map.of("slug", "big"), 201);
                needle.postJson("mlops", "/api/projects/big/datasets",
                        Map.of("name", "v1", "folder", dataset.path().getFileName().toString()), 201);
                needle.putJson("mlops", "/api/projects/big/trainer",
                        Map.of("trainer", "WEBHOOK", "url", "http://127.0.0.1:" + port + "/"), 200);
                round(needle, "RANDOM");
                JsonNode labeling = needle.awaitIteration("big", 1, s -> "LABELING".equals(s.path("step").asText()),
                        Duration.ofMinutes(10));
                needle.post("annotator", "/api/projects/big/iterations/1/labels", "text/csv",
                        RestartDuringLabelingTest.csv(RestartDuringLabelingTest.files(labeling), dataset.poolTruth()),
                        200);
                JsonNode trained = needle.awaitIteration("big", 1, s -> !"RUNNING".equals(s.path("status").asText()),
                        Duration.ofMinutes(10));
                assertEquals("COMPLETED", trained.path("status").asText(), trained.toString());
                assertEquals("onnx", needle.get("mlops", "/api/projects/big").path("currentModel").path("kind").asText());

                round(needle, "UNCERTAINTY");
                // Past half the pool, at least one shard is recorded (no more than four run at a time, of 2,000 each).
                predicting = needle.await("/api/projects/big/iterations/2",
                        s -> !BEFORE_SCORING.contains(s.path("step").asText())
                                || "PREDICT".equals(s.path("step").asText())
                                        && s.path("progress").path("done").asLong() >= (POOL - BATCH) / 2,
                        Duration.ofMinutes(5));
                assertEquals("PREDICT", predicting.path("step").asText(), "the kill must land in PREDICT: " + predicting);
                needle.kill();
            }
            JsonNode progress = predicting.path("progress");
            assertEquals(POOL - BATCH, progress.path("total").asLong(), "the unlabeled pool: " + progress);
            assertTrue(progress.path("done").asLong() < POOL - BATCH, progress.toString());
            assertTrue(progress.path("perSecond").asDouble() > 0, "a rate and an ETA, as embedding has: " + progress);

            Path log = data.resolve("needle.log");
            long linesBefore;
            try (var lines = Files.lines(log)) {
                linesBefore = lines.count();
            }
            try (NeedleProcess needle = NeedleProcess.embedded(data)) {
                JsonNode round2 = needle.awaitIteration("big", 2, s -> "LABELING".equals(s.path("step").asText()),
                        Duration.ofMinutes(5));
                assertTrue(round2.path("events").findValuesAsText("kind").contains("RESUMED"), round2.toString());
                assertFalse(round2.path("coldStart").asBoolean());
                assertEquals("onnx", round2.path("lineage").path("modelKind").asText());
                assertEquals(BATCH, round2.path("batch").size());
                round2.path("batch").forEach(item -> assertTrue(item.path("score").asDouble() > 0, item.toString()));

                List<String> restarted;
                try (var lines = Files.lines(log)) {
                    restarted = lines.skip(linesBefore).toList();
                }
                Matcher again = restarted.stream()
                        .map(Pattern.compile("predicts with \\S+ again: (\\d+) of (\\d+) images")::matcher)
                        .filter(Matcher::find).findFirst()
                        .orElseThrow(() -> new AssertionError("the restarted PREDICT reused no shard; see " + log));
                assertEquals(POOL - BATCH, Long.parseLong(again.group(2)));
                assertTrue(Long.parseLong(again.group(1)) >= 2_000, again.group());
                System.out.printf("killed at %s; the restarted round %s%n", progress, again.group());
            }
        } finally {
            trainer.destroy();
        }
    }

    private static void round(NeedleProcess needle, String strategy) {
        needle.postJson("mlops", "/api/projects/big/iterations", Map.of("strategy", strategy, "batchSize", BATCH,
                "seed", 5, "trainerTimeout", "PT10M"), 202);
    }
}
