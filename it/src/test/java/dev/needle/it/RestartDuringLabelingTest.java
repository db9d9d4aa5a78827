package dev.needle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The embedded Temporal server forgets every workflow when Needle stops. Kill Needle in the middle of a labeling
 * round, start it again on the same data, and the round must go on: labels kept, batch unchanged, retraining done.
 */
class RestartDuringLabelingTest {

    @TempDir
    Path data;

    @Test
    void givenALabelingRound_whenNeedleIsKilledAndRestarted_theRoundResumesWithEveryLabelKept() {
        Map<String, String> truth = NeedleProcess.demoTruth();
        List<String> batch;
        try (NeedleProcess needle = NeedleProcess.embedded(data)) {
            needle.postJson("mlops", "/api/projects/demo/iterations",
                    Map.of("strategy", "CORESET", "batchSize", 20, "seed", 3), 202);
            JsonNode labeling = needle.awaitIteration("demo", 1, s -> "LABELING".equals(s.path("step").asText()));
            batch = files(labeling);
            needle.post("annotator", "/api/projects/demo/iterations/1/labels", "text/csv", csv(batch.subList(0, 12), truth),
                    200);
            needle.kill();
        }

        try (NeedleProcess needle = NeedleProcess.embedded(data)) {
            JsonNode resumed = needle.awaitIteration("demo", 1, s -> s.path("events").findValuesAsText("kind")
                    .contains("RESUMED"));
            assertEquals(batch, files(resumed), "the batch is the one chosen before the restart");
            assertEquals(12, resumed.path("labeled").asInt(), "labels submitted before the restart are kept");

            JsonNode accepted = needle.post("annotator", "/api/projects/demo/iterations/1/labels", "text/csv",
                    csv(batch.subList(12, 20), truth), 200);
            assertEquals(20, accepted.path("labeledInBatch").asInt());
            JsonNode done = needle.awaitIteration("demo", 1, s -> "COMPLETED".equals(s.path("status").asText()));
            assertEquals(20, done.path("trainingSize").asInt());
            assertTrue(done.path("accuracy").asDouble() > 0.1, "better than a constant classifier: " + done);
        }
    }

    static List<String> files(JsonNode iteration) {
        List<String> files = new ArrayList<>();
        iteration.path("batch").forEach(item -> files.add(item.path("fileName").asText()));
        return files;
    }

    static String csv(List<String> files, Map<String, String> truth) {
        StringBuilder csv = new StringBuilder("file_name,label\n");
        for (String f : files)
            csv.append(f).append(',').append(truth.get(f)).append('\n');
        return csv.toString();
    }
}
