package dev.needle.eval;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Plays the annotation team for an evaluation, through the same API and role real annotators use: it polls the
 * watched projects for rounds waiting in LABELING, waits {@code delay} as a person would, answers every image of the
 * batch from ground truth, then signals done. Nothing in Needle knows it is simulated, so the whole loop runs —
 * Temporal update, validator, label storage, retrain trigger. It exists only in this evaluation module: a deployed
 * Needle has no such component.
 */
public final class SimulatedAnnotator implements AutoCloseable {

    /** Labels per request: keeps each Temporal update far below its payload limit even for a 60,000-image batch. */
    static final int CHUNK = 5_000;
    private static final Duration POLL = Duration.ofMillis(300);

    private final NeedleApi api;
    private final Duration delay;
    private final Map<String, Map<String, String>> truthByProject = new ConcurrentHashMap<>();
    private final Map<String, Long> firstSeen = new HashMap<>();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    public SimulatedAnnotator(NeedleApi annotatorApi, Duration delay) {
        this.api = annotatorApi;
        this.delay = delay;
        this.thread = new Thread(this::loop, "simulated-annotator");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Starts answering the project's rounds, with {@code truth} mapping file name to class. */
    public void watch(String project, Map<String, String> truth) {
        truthByProject.put(project, truth);
    }

    public void unwatch(String project) {
        truthByProject.remove(project);
    }

    /** Rethrows what stopped the annotator, so a runner waiting for a round fails instead of waiting forever. */
    public void check() {
        if (failure != null)
            throw failure;
    }

    private void loop() {
        try {
            while (running) {
                for (Map.Entry<String, Map<String, String>> watched : truthByProject.entrySet()) {
                    for (JsonNode summary : api.get("/api/projects/" + watched.getKey() + "/iterations")) {
                        if (summary.path("status").asText().equals("RUNNING")
                                && summary.path("step").asText().equals("LABELING")) {
                            try {
                                answerWhenDue(watched.getKey(), summary.path("round").asInt(), watched.getValue());
                            } catch (NeedleApi.ServerError e) {
                                // Labels are idempotent: the next poll sends them again.
                                Evaluation.log("annotator retries later: %s", e.getMessage());
                            }
                        }
                    }
                }
                Pause.of(POLL);
            }
        } catch (RuntimeException e) {
            if (running)
                failure = e;
        }
    }

    private void answerWhenDue(String project, int round, Map<String, String> truth) {
        String key = project + "/" + round;
        if (answered.contains(key))
            return;
        long seen = firstSeen.computeIfAbsent(key, k -> System.nanoTime());
        if (System.nanoTime() - seen < delay.toNanos())
            return;
        String path = "/api/projects/" + project + "/iterations/" + round;
        List<Map<String, String>> labels = new ArrayList<>();
        for (JsonNode item : api.get(path).path("batch")) {
            if (!item.path("label").isNull())
                continue;
            String file = item.path("fileName").asText();
            String label = truth.get(file);
            if (label == null)
                throw new IllegalStateException("no ground truth for " + file + " in " + key);
            labels.add(Map.of("fileName", file, "label", label));
        }
        for (int start = 0; start < labels.size(); start += CHUNK) {
            api.post(path + "/labels", Map.of("labels", labels.subList(start, Math.min(labels.size(), start + CHUNK))),
                    200);
        }
        // Every image has its label now, which already ends the round; "done" is what a person clicks anyway. A round
        // that has moved on answers 409, which is fine.
        api.post(path + "/done", Map.of(), 202, 409);
        answered.add(key);
        firstSeen.remove(key);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
