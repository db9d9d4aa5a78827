package dev.needle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The loop closed with a team's own model, end to end over HTTP: the packaged application, and the reference trainer
 * (trainers/torch-classifier, Debian's PyTorch) running as a webhook service beside it. A campaign of three rounds on
 * Fashion-MNIST: the trainer trains a CNN from scratch on each round's labels, hands back its ONNX network, and the
 * next round predicts with it and embeds with its features, as the project asked.
 */
class TrainerInTheLoopTest {

    private static final Path TRAINER = Path.of("../trainers/torch-classifier").toAbsolutePath().normalize();

    @TempDir
    Path data;

    @Test
    void givenTheReferenceTrainer_aCampaignsLaterRoundsPredictAndEmbedWithTheModelItHandsBack() throws Exception {
        Map<String, String> truth = NeedleProcess.demoTruth();
        int port = Waiting.freePort();
        Process trainer = referenceTrainer(port, data);
        try (NeedleProcess needle = NeedleProcess.embedded(data)) {
            needle.postJson("mlops", "/api/projects", Map.of("slug", "loop", "embedder", Map.of("kind", "model")), 201);
            needle.postJson("mlops", "/api/projects/loop/datasets", Map.of("name", "v1", "folder", "demo-fashion-mnist"),
                    201);
            needle.putJson("mlops", "/api/projects/loop/trainer",
                    Map.of("trainer", "WEBHOOK", "url", "http://127.0.0.1:" + port + "/"), 200);
            long campaign = needle.postJson("mlops", "/api/projects/loop/campaigns", Map.of(
                    "round", Map.of("strategy", "UNCERTAINTY", "batchSize", 100, "seed", 7, "trainerTimeout", "PT10M"),
                    "stop", Map.of("maxRounds", 3)), 202).path("id").asLong();

            List<Double> accuracies = new ArrayList<>();
            String campaignPath = "/api/projects/loop/campaigns/" + campaign;
            for (int round = 1; round <= 3; round++) {
                int current = round;
                needle.await(campaignPath, c -> c.path("currentRound").asInt() == current, Duration.ofMinutes(10));
                JsonNode labeling = needle.awaitIteration("loop", round,
                        s -> "LABELING".equals(s.path("step").asText()), Duration.ofMinutes(5));
                if (round == 1) {
                    assertTrue(labeling.path("coldStart").asBoolean(), "round 1 has no model yet");
                    assertTrue(labeling.path("lineage").path("embedder").asText().startsWith("opencv"),
                            "until the team's first model, the built-in descriptor: " + labeling.path("lineage"));
                } else {
                    JsonNode lineage = labeling.path("lineage");
                    assertFalse(labeling.path("coldStart").asBoolean(), "round " + round + ": " + labeling);
                    assertEquals("UNCERTAINTY", labeling.path("strategyUsed").asText());
                    assertEquals("onnx", lineage.path("modelKind").asText(), lineage.toString());
                    assertFalse(lineage.path("trainerRun").asText().isEmpty(), lineage.toString());
                    assertEquals("model-" + labeling.path("modelUsed").asText(), lineage.path("embedder").asText(),
                            "the round embeds with its model's features");
                }
                needle.post("annotator", "/api/projects/loop/iterations/" + round + "/labels", "text/csv",
                        RestartDuringLabelingTest.csv(RestartDuringLabelingTest.files(labeling), truth), 200);
                JsonNode done = needle.awaitIteration("loop", round, s -> !"RUNNING".equals(s.path("status").asText()),
                        Duration.ofMinutes(10));
                assertEquals("COMPLETED", done.path("status").asText(), done.toString());
                accuracies.add(done.path("accuracy").asDouble());
                JsonNode model = needle.get("mlops", "/api/projects/loop").path("currentModel");
                assertEquals("onnx", model.path("kind").asText(), model.toString());
                assertEquals(done.path("modelProduced").asText(), model.path("version").asText());
            }

            assertTrue(accuracies.get(0) < accuracies.get(1) && accuracies.get(1) < accuracies.get(2),
                    "the CNN improves with every round's labels: " + accuracies);
            assertTrue(accuracies.get(2) > 0.6, "better than chance (0.1) by far: " + accuracies);
            JsonNode stopped = needle.await(campaignPath,
                    c -> "STOPPED".equals(c.path("status").asText()), Duration.ofMinutes(1));
            assertEquals(3, stopped.path("roundsDone").asInt(), stopped.toString());
        } finally {
            trainer.destroy();
        }
    }

    /** The reference trainer as a webhook service on {@code port}, logging to {@code data/trainer.log}. */
    static Process referenceTrainer(int port, Path data) throws IOException {
        Files.createDirectories(data);
        return new ProcessBuilder("/usr/bin/python3", "serve.py", "--port", Integer.toString(port))
                .directory(TRAINER.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("trainer.log").toFile())).start();
    }
}
