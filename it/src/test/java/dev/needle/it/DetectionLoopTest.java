package dev.needle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The seed's detection loop, end to end over HTTP: the packaged application, and the reference detector
 * (trainers/opencv-detector, Debian's OpenCV) running as a webhook service beside it, on synthetic road scenes the test
 * generates with their true boxes. Round 1 is a cold start; the annotator labels its batch with the true boxes (COCO);
 * the detector learns from them, predicts every pool image and hands its predictions back; round 2 scores those
 * predictions with a detection scorer and selects with CORAL, with no import call in between.
 */
class DetectionLoopTest {

    private static final Path TRAINER = Path.of("../trainers/opencv-detector").toAbsolutePath().normalize();
    private static final String SCORER = "objectness_least_confidence";
    private static final int POOL = 300;

    @TempDir
    Path data;

    @Test
    void givenTheReferenceDetector_theNextRoundScoresItsPredictionsOfThePoolAndSelectsWithCoral() throws Exception {
        Map<String, JsonNode> truth = roadScenes(data.resolve("datasets/roads/pool"), POOL);
        Path kept = data.resolve("trainer-predictions");
        int port = Waiting.freePort();
        Process trainer = new ProcessBuilder("/usr/bin/python3", "serve.py", "--port", Integer.toString(port),
                "--keep", kept.toString())
                .directory(TRAINER.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("trainer.log").toFile())).start();
        try (NeedleProcess needle = NeedleProcess.embedded(data)) {
            needle.postJson("mlops", "/api/projects", Map.of("slug", "roads", "classes", List.of("car", "person"),
                    "taskType", "object-detection"), 201);
            needle.postJson("mlops", "/api/projects/roads/datasets", Map.of("name", "v1", "folder", "roads"), 201);
            needle.putJson("mlops", "/api/projects/roads/trainer",
                    Map.of("trainer", "WEBHOOK", "url", "http://127.0.0.1:" + port + "/"), 200);

            JsonNode round1 = round(needle, 1);
            assertTrue(round1.path("coldStart").asBoolean(), "round 1 has no model yet: " + round1);
            JsonNode trained1 = labelWithTheTruth(needle, 1, truth);
            JsonNode model = needle.get("mlops", "/api/projects/roads").path("currentModel");
            assertEquals("predictions", model.path("kind").asText(), model.toString());
            assertEquals(trained1.path("modelProduced").asText(), model.path("version").asText());

            // Round 2 predicts with what the detector handed back: nothing was imported between the rounds.
            JsonNode round2 = round(needle, 2);
            JsonNode lineage = round2.path("lineage");
            assertFalse(round2.path("coldStart").asBoolean(), round2.toString());
            assertEquals("CORAL", round2.path("strategyUsed").asText());
            assertEquals(model.path("version").asText(), round2.path("modelUsed").asText());
            assertEquals("predictions", lineage.path("modelKind").asText(), lineage.toString());
            assertEquals("computed", lineage.path("predictionsSource").asText(), lineage.toString());
            assertEquals(SCORER, lineage.path("scorer").asText(), lineage.toString());
            String run = lineage.path("trainerRun").asText();
            assertFalse(run.isEmpty(), lineage.toString());

            // Every pick's score is the detection scorer's on the boxes the detector uploaded for that image, and CORAL
            // leans to the images it is least sure of.
            Map<String, Double> delivered = objectnessLeastConfidence(kept.resolve(run));
            List<String> picked = RestartDuringLabelingTest.files(round2);
            round2.path("batch").forEach(item -> {
                String file = item.path("fileName").asText();
                assertFalse(item.path("score").isNull(), "no score for " + file);
                assertEquals(delivered.get(file), item.path("score").asDouble(), 1e-6, "the score of " + file);
            });
            List<String> labeledBefore = RestartDuringLabelingTest.files(round1);
            double batchMean = picked.stream().mapToDouble(delivered::get).average().orElseThrow();
            double unlabeledMean = delivered.entrySet().stream().filter(e -> !labeledBefore.contains(e.getKey()))
                    .mapToDouble(Map.Entry::getValue).average().orElseThrow();
            assertTrue(batchMean > unlabeledMean, "CORAL weighs picks by their uncertainty: the batch's mean score "
                    + batchMean + " against the unlabeled pool's " + unlabeledMean);

            // The loop goes on: round 2's labels train the detector again and its predictions become the model.
            JsonNode trained2 = labelWithTheTruth(needle, 2, truth);
            assertEquals(trained2.path("modelProduced").asText(),
                    needle.get("mlops", "/api/projects/roads").path("currentModel").path("version").asText());
            System.out.printf("round 2's batch: mean score %.3f, unlabeled pool %.3f; the detector's mAP@0.5 on every"
                    + " fifth labeled image: round 1 %s, round 2 %s%n", batchMean, unlabeledMean,
                    trained1.path("accuracy"), trained2.path("accuracy"));
        } finally {
            trainer.destroy();
            trainer.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts a round of CORAL with the detection scorer and waits until its batch is out for labeling. */
    private static JsonNode round(NeedleProcess needle, int round) {
        needle.postJson("mlops", "/api/projects/roads/iterations", Map.of("strategy", "CORAL", "scorer", SCORER,
                "batchSize", 40, "seed", 7, "trainerTimeout", "PT5M", "trainerAttempts", 1), 202);
        return needle.awaitIteration("roads", round, s -> "LABELING".equals(s.path("step").asText()),
                Duration.ofMinutes(3));
    }

    /**
     * The simulated annotator: draws the generator's true boxes on every image of the batch (an empty list where there
     * is none) and sends them as COCO; returns the finished round, after its trainer reported.
     */
    private static JsonNode labelWithTheTruth(NeedleProcess needle, int round, Map<String, JsonNode> truth)
            throws IOException {
        String path = "/api/projects/roads/iterations/" + round;
        ObjectNode coco = (ObjectNode) needle.get("annotator", path + "/export/coco");
        Map<String, Long> categories = new HashMap<>();
        coco.path("categories").forEach(c -> categories.put(c.path("name").asText(), c.path("id").asLong()));
        ArrayNode annotations = coco.putArray("annotations");
        for (JsonNode image : coco.path("images")) {
            for (JsonNode box : truth.get(image.path("file_name").asText())) {
                annotations.addObject().put("id", annotations.size() + 1).put("image_id", image.path("id").asLong())
                        .put("category_id", categories.get(box.path("label").asText())).putArray("bbox")
                        .add(box.path("x").asInt()).add(box.path("y").asInt()).add(box.path("width").asInt())
                        .add(box.path("height").asInt());
            }
        }
        needle.post("annotator", path + "/labels/coco", "application/json",
                NeedleProcess.JSON.writeValueAsString(coco), 200);
        JsonNode done = needle.awaitIteration("roads", round, s -> !"RUNNING".equals(s.path("status").asText()),
                Duration.ofMinutes(5));
        assertEquals("COMPLETED", done.path("status").asText(), done.toString());
        assertNotNull(done.path("modelProduced").textValue(), done.toString());
        return done;
    }

    /** Generates the pool with trainers/opencv-detector/roads.py; returns its true boxes by path in the dataset. */
    private Map<String, JsonNode> roadScenes(Path pool, int count) throws IOException, InterruptedException {
        Path truthFile = data.resolve("truth.json");
        Files.createDirectories(pool);
        Process generator = new ProcessBuilder("/usr/bin/python3", "roads.py", "--images", pool.toString(),
                "--truth", truthFile.toString(), "--count", Integer.toString(count), "--seed", "1")
                .directory(TRAINER.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("generator.log").toFile())).start();
        assertTrue(generator.waitFor(2, TimeUnit.MINUTES) && generator.exitValue() == 0,
                "roads.py failed; see " + data.resolve("generator.log"));
        Map<String, JsonNode> truth = new HashMap<>();
        NeedleProcess.JSON.readTree(truthFile.toFile()).fields()
                .forEachRemaining(e -> truth.put("pool/" + e.getKey(), e.getValue()));
        return truth;
    }

    /**
     * The scorer's value for every image the detector uploaded predictions for, computed here from its prediction
     * folder as Lightly defines it: 1 − the mean of the image's box scores, 0 for an image without boxes.
     */
    private static Map<String, Double> objectnessLeastConfidence(Path folder) throws IOException {
        Map<String, Double> scores = new HashMap<>();
        try (var files = Files.walk(folder.resolve("object-detection"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json") && !f.endsWith("schema.json")).toList()) {
                JsonNode image = NeedleProcess.JSON.readTree(file.toFile());
                double sum = 0;
                for (JsonNode box : image.path("predictions"))
                    sum += box.path("score").asDouble();
                int boxes = image.path("predictions").size();
                scores.put(image.path("file_name").asText(), boxes == 0 ? 0 : 1 - sum / boxes);
            }
        }
        assertEquals(POOL, scores.size(), "the detector predicts every pool image");
        return scores;
    }
}
