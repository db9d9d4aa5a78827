package dev.needle.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the evaluation: writes Fashion-MNIST as images, starts the packaged Needle on them, and for every strategy and
 * seed runs a project round after round through the REST API (as ML-ops) while the {@link SimulatedAnnotator} labels
 * each batch (as annotator). The report is rewritten after every seed, so an interrupted run still leaves one.
 */
public final class Evaluation {

    private static final Duration POLL = Duration.ofMillis(250);
    static final String DATASET = "fashion-mnist";

    private final EvaluationOptions options;
    private final List<RoundResult> rounds = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Double> registrationSeconds = Collections.synchronizedMap(new LinkedHashMap<>());

    private NeedleApi mlops;
    private SimulatedAnnotator annotator;
    private FashionMnist.Folder data;
    /** The reference CNN trainer with {@code --trainer cnn}; null with the built-in probe. */
    private ReferenceTrainer trainer;

    public Evaluation(EvaluationOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        EvaluationOptions options;
        try {
            options = EvaluationOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Report report = new Evaluation(options).run();
        System.out.println(report.markdown());
        System.out.println("Report: " + options.report());
    }

    public Report run() {
        Instant started = Instant.now();
        log("writing Fashion-MNIST (%d pool, %d eval images) under %s", options.poolSize(), options.evalSize(),
                options.work().resolve("datasets"));
        data = FashionMnist.write(options.source(), options.work().resolve("datasets"), options.poolSize(),
                options.evalSize());
        Path needleData = options.work().resolve("needle-" + started.toEpochMilli());
        log("starting Needle (%s) with its data in %s", options.app(), needleData);
        if (options.cnn()) {
            trainer = ReferenceTrainer.start(options.python() == null ? "/usr/bin/python3" : options.python(),
                    ReferenceTrainer.folder(), needleData);
            log("reference CNN trainer listening at %s, logging to %s", trainer.url(), trainer.log());
        }
        try (ReferenceTrainer cnnTrainer = trainer;
                NeedleServer needle = NeedleServer.start(options.app(), needleData, options.work().resolve("datasets"),
                        options.heap());
                SimulatedAnnotator annotatorClient = new SimulatedAnnotator(new NeedleApi(needle.base(), "annotator"),
                        options.annotatorDelay())) {
            mlops = new NeedleApi(needle.base(), "mlops");
            annotator = annotatorClient;
            ExecutorService pool = Executors.newFixedThreadPool(options.parallel() + 1);
            try {
                Duration slowestSeed = Duration.ZERO;
                for (int seed = 1; seed <= options.seeds(); seed++) {
                    Duration elapsed = Duration.between(started, Instant.now());
                    if (options.timeBudget() != null && elapsed.plus(slowestSeed).compareTo(options.timeBudget()) > 0) {
                        log("stopping after %d seeds: another would end after the %d-minute budget", seed - 1,
                                options.timeBudget().toMinutes());
                        break;
                    }
                    Instant seedStarted = Instant.now();
                    List<Future<?>> group = new ArrayList<>();
                    for (Arm arm : options.arms()) {
                        long s = seed;
                        group.add(pool.submit(() -> runCurve(arm, s)));
                    }
                    for (Future<?> f : group)
                        await(f);
                    Duration took = Duration.between(seedStarted, Instant.now());
                    slowestSeed = took.compareTo(slowestSeed) > 0 ? took : slowestSeed;
                    log("seed %d done in %.1f min", seed, took.toMillis() / 60e3);
                    write(started, null, null);
                }
            } finally {
                pool.shutdownNow();
            }
            // Both references measure the linear probe on Needle's built-in embeddings: nothing to say about the CNN.
            if (rounds.isEmpty() || options.cnn())
                return write(started, null, null);
            NeedleEmbeddings embeddings = NeedleEmbeddings.of(mlops, needle.artifacts(), rounds.get(0).project(),
                    data.poolTruth());
            AllLabels allLabels = null;
            if (options.reference()) {
                allLabels = AllLabels.measure(embeddings);
                log("all %d labels: accuracy %.4f (trained in %.1f s)", allLabels.labeled(), allLabels.accuracy(),
                        allLabels.seconds());
                write(started, allLabels, null);
            }
            SklearnCheck.Result sklearn = options.python() == null ? null : new SklearnCheck(options).run(embeddings);
            return write(started, allLabels, sklearn);
        }
    }

    private Report write(Instant started, AllLabels allLabels, SklearnCheck.Result sklearn) {
        Report report = new Report(options, List.copyOf(rounds), allLabels, Map.copyOf(registrationSeconds), sklearn,
                Duration.between(started, Instant.now()));
        report.writeTo(options.report());
        return report;
    }

    static String slug(Arm arm, long seed) {
        return arm.slug() + "-s" + seed;
    }

    private void runCurve(Arm arm, long seed) {
        String project = slug(arm, seed);
        setUp(project);
        int labeled = 0;
        for (int round = 1;; round++) {
            int batch = round == 1 ? options.firstBatch() : options.batch();
            if (labeled + batch > options.maxLabels() || labeled + batch > options.poolSize())
                break;
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("strategy", arm.strategy());
            start.put("batchSize", batch);
            // Seeds differ per round so RANDOM does not replay one permutation; the same across strategies.
            start.put("seed", seed * 1_000 + round);
            if (arm.scorer() != null)
                start.put("scorer", arm.scorer());
            if (trainer != null)
                start.put("trainerTimeout", options.trainerTimeout().toString());
            mlops.post("/api/projects/" + project + "/iterations", start, 202);
            RoundResult result = awaitRound(arm.name(), seed, project, round);
            rounds.add(result);
            labeled = result.labeled();
            log("%-22s seed %d round %2d: %4d labels, accuracy %.4f (%s, %.1f s)", arm.name(), seed, round,
                    result.labeled(), result.accuracy(), result.strategyUsed(), result.seconds());
        }
        annotator.unwatch(project);
    }

    private void setUp(String project) {
        if (trainer == null) {
            mlops.post("/api/projects", Map.of("slug", project, "name", project), 201);
        } else {
            // The network's feature layer is the embedding from round 2 on (round 1, before any model, embeds with the
            // built-in descriptor), so CORAL's diversity is measured in the CNN's own feature space.
            mlops.post("/api/projects", Map.of("slug", project, "name", project, "embedder", Map.of("kind", "model")),
                    201);
            mlops.put("/api/projects/" + project + "/trainer", Map.of("trainer", "WEBHOOK", "url", trainer.url()), 200);
        }
        long t0 = System.nanoTime();
        mlops.post("/api/projects/" + project + "/datasets",
                Map.of("name", DATASET, "folder", data.path().getFileName().toString()), 201);
        registrationSeconds.put(project, (System.nanoTime() - t0) / 1e9);
        annotator.watch(project, data.poolTruth());
    }

    private RoundResult awaitRound(String arm, long seed, String project, int round) {
        // Poll the light summary list; the full view carries the whole batch with its scores and labels.
        while (status(project, round).equals("RUNNING")) {
            annotator.check();
            if (trainer != null)
                trainer.check();
            Pause.of(POLL);
        }
        JsonNode state = mlops.get("/api/projects/" + project + "/iterations/" + round);
        if (!state.path("status").asText().equals("COMPLETED")) {
            throw new IllegalStateException(project + " round " + round + " ended " + state.path("status").asText()
                    + ": " + state.path("statusReason").asText());
        }
        if (state.path("accuracy").isNull())
            throw new IllegalStateException(project + " round " + round + " produced no accuracy: " + state);
        if (trainer != null && round > 1 && !state.path("lineage").path("modelKind").asText().equals("onnx"))
            throw new IllegalStateException(project + " round " + round + " did not select with the CNN's ONNX model: "
                    + state.path("lineage"));
        return new RoundResult(arm, seed, project, round, state.path("trainingSize").asInt(), state.path("accuracy").asDouble(),
                state.path("strategyUsed").asText(), StepTimes.of(state.path("events")),
                seconds(state.path("createdAt").asText(), state.path("finishedAt").asText()));
    }

    private String status(String project, int round) {
        for (JsonNode summary : mlops.get("/api/projects/" + project + "/iterations"))
            if (summary.path("round").asInt() == round)
                return summary.path("status").asText();
        throw new IllegalStateException(project + " has no round " + round);
    }

    private static double seconds(String from, String to) {
        return Duration.between(Instant.parse(from), Instant.parse(to)).toMillis() / 1e3;
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r)
                throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    static void log(String format, Object... args) {
        System.err.printf("[eval %s] %s%n", Instant.now().toString().substring(11, 19), String.format(format, args));
    }

    static void writeString(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
