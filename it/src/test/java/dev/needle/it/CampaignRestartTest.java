package dev.needle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A campaign outlives a restart of the embedded Temporal server: killed while its first round is labeling, Needle
 * starts the campaign again, which takes its round over, and goes on to its next round and its stopping rule.
 */
class CampaignRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path data;

    @Test
    void givenACampaignInItsFirstRound_whenNeedleIsKilledAndRestarted_theCampaignGoesOnToItsStoppingRule() {
        Map<String, String> truth = NeedleProcess.demoTruth();
        List<String> batch;
        String campaign;
        try (NeedleProcess needle = NeedleProcess.embedded(data)) {
            long id = needle.postJson("mlops", "/api/projects/demo/campaigns", Map.of(
                    "round", Map.of("strategy", "RANDOM", "batchSize", 6, "seed", 4),
                    "stop", Map.of("maxRounds", 2)), 202).path("id").asLong();
            campaign = "/api/projects/demo/campaigns/" + id;
            needle.await(campaign, c -> c.path("currentRound").asInt() == 1, PATIENCE);
            JsonNode labeling = needle.awaitIteration("demo", 1, s -> "LABELING".equals(s.path("step").asText()));
            batch = RestartDuringLabelingTest.files(labeling);
            needle.post("annotator", "/api/projects/demo/iterations/1/labels", "text/csv",
                    RestartDuringLabelingTest.csv(batch.subList(0, 4), truth), 200);
            needle.kill();
        }

        try (NeedleProcess needle = NeedleProcess.embedded(data)) {
            JsonNode resumed = needle.awaitIteration("demo", 1,
                    s -> s.path("events").findValuesAsText("kind").contains("RESUMED"));
            assertEquals(batch, RestartDuringLabelingTest.files(resumed), "the round keeps its batch");
            needle.await(campaign, c -> c.path("currentRound").asInt() == 1, PATIENCE);
            needle.post("annotator", "/api/projects/demo/iterations/1/labels", "text/csv",
                    RestartDuringLabelingTest.csv(batch.subList(4, 6), truth), 200);

            needle.await(campaign, c -> c.path("currentRound").asInt() == 2, PATIENCE);
            JsonNode round2 = needle.awaitIteration("demo", 2, s -> "LABELING".equals(s.path("step").asText()));
            needle.post("annotator", "/api/projects/demo/iterations/2/labels", "text/csv",
                    RestartDuringLabelingTest.csv(RestartDuringLabelingTest.files(round2), truth), 200);
            JsonNode stopped = needle.await(campaign, c -> "STOPPED".equals(c.path("status").asText()), PATIENCE);
            assertEquals("MAX_ROUNDS", stopped.path("stopReason").asText());
            assertEquals(2, stopped.path("roundsDone").asInt());
        }
    }
}
