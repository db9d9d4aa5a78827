package dev.needle.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Wall time per step from an iteration's events: Needle records a STEP event when a step starts and FINISHED at the
 * end, so a step lasts until the next of those.
 */
final class StepTimes {

    private StepTimes() {
    }

    static Map<String, Double> of(JsonNode events) {
        List<JsonNode> marks = new ArrayList<>();
        for (JsonNode e : events) {
            String kind = e.path("kind").asText();
            if (kind.equals("STEP") || kind.equals("FINISHED"))
                marks.add(e);
        }
        marks.sort((a, b) -> Instant.parse(a.path("at").asText()).compareTo(Instant.parse(b.path("at").asText())));
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (int i = 0; i + 1 < marks.size(); i++) {
            if (!marks.get(i).path("kind").asText().equals("STEP"))
                continue;
            double s = Duration.between(Instant.parse(marks.get(i).path("at").asText()),
                    Instant.parse(marks.get(i + 1).path("at").asText())).toMillis() / 1e3;
            seconds.merge(marks.get(i).path("step").asText(), s, Double::sum);
        }
        return seconds;
    }
}
