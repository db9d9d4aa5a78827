package dev.needle.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The evaluation's results as tables (Markdown), raw rounds (CSV), a machine-readable summary (JSON) and the learning
 * curves (PNG). "Spread" at a labeled count is the larger of the two strategies' standard deviations over seeds.
 */
public final class Report {

    static final Path BASELINES = Path.of("/usr/share/doc/dataset-fashion-mnist/benchmark/baselines.json");
    static final List<String> STEPS = List.of("EMBED", "PREDICT", "SCORE", "QUERY", "LABELING", "RETRAIN");

    private final EvaluationOptions options;
    private final List<RoundResult> rounds;
    private final AllLabels allLabels;
    private final Map<String, Double> registrationSeconds;
    private final SklearnCheck.Result sklearn;
    private final Duration elapsed;
    /** strategy → labeled count → accuracy per seed, strategies in the options' order. */
    private final Map<String, TreeMap<Integer, List<Double>>> accuracy = new LinkedHashMap<>();

    Report(EvaluationOptions options, List<RoundResult> rounds, AllLabels allLabels,
            Map<String, Double> registrationSeconds, SklearnCheck.Result sklearn, Duration elapsed) {
        this.options = options;
        this.rounds = rounds;
        this.allLabels = allLabels;
        this.registrationSeconds = registrationSeconds;
        this.sklearn = sklearn;
        this.elapsed = elapsed;
        for (Arm arm : options.arms())
            accuracy.put(arm.name(), new TreeMap<>());
        for (RoundResult r : rounds)
            accuracy.get(r.arm()).computeIfAbsent(r.labeled(), k -> new ArrayList<>()).add(r.accuracy());
    }

    /** Mean ± sd per labeled count, per strategy. */
    public Map<String, List<Map.Entry<Integer, Stats>>> curves() {
        Map<String, List<Map.Entry<Integer, Stats>>> curves = new LinkedHashMap<>();
        accuracy.forEach((arm, byCount) -> curves.put(arm, byCount.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), Stats.of(e.getValue()))).toList()));
        return curves;
    }

    /** Area under each seed's curve, over the counts every seed of that strategy reached. */
    Stats area(String arm) {
        Map<Long, List<RoundResult>> bySeed = rounds.stream().filter(r -> r.arm().equals(arm))
                .collect(Collectors.groupingBy(RoundResult::seed, TreeMap::new, Collectors.toList()));
        int common = bySeed.values().stream().mapToInt(List::size).min().orElse(0);
        List<Double> areas = new ArrayList<>();
        for (List<RoundResult> curve : bySeed.values()) {
            List<RoundResult> sorted = curve.stream().sorted((a, b) -> Integer.compare(a.labeled(), b.labeled()))
                    .limit(common).toList();
            if (!sorted.isEmpty())
                areas.add(Stats.area(sorted.stream().map(RoundResult::labeled).toList(),
                        sorted.stream().map(RoundResult::accuracy).toList()));
        }
        return Stats.of(areas);
    }

    /** First labeled count whose mean accuracy reaches 90% of the all-labels accuracy; null if none did. */
    Integer labelsTo90(String arm) {
        if (allLabels == null)
            return null;
        for (Map.Entry<Integer, Stats> point : curves().get(arm))
            if (point.getValue().mean() >= 0.9 * allLabels.accuracy())
                return point.getKey();
        return null;
    }

    /** Mean difference to RANDOM at each count both have, with the spread there. */
    record Versus(int labeled, double difference, double spread) {
    }

    List<Versus> versusRandom(String arm) {
        TreeMap<Integer, List<Double>> random = accuracy.get(Arm.RANDOM.name());
        if (random == null)
            return List.of();
        List<Versus> out = new ArrayList<>();
        accuracy.get(arm).forEach((count, values) -> {
            List<Double> r = random.get(count);
            if (r == null)
                return;
            Stats a = Stats.of(values);
            Stats b = Stats.of(r);
            out.add(new Versus(count, a.mean() - b.mean(), Math.max(a.sd(), b.sd())));
        });
        return out;
    }

    /** Seeds whose every strategy reached the last labeled count. */
    int seedsDone() {
        int last = options.labeledCounts().get(options.labeledCounts().size() - 1);
        return (int) rounds.stream().filter(r -> r.labeled() == last).map(RoundResult::seed).distinct()
                .filter(seed -> rounds.stream().filter(r -> r.seed() == seed && r.labeled() == last).count() == accuracy
                        .size())
                .count();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(
                options.cnn() ? "# Needle's selection on Fashion-MNIST with the reference CNN in the loop: learning curves\n\n"
                        : "# Needle's selection on Fashion-MNIST: learning curves\n\n");
        md.append(String.format(
                "Pool: the first %,d training images; accuracy on the first %,d test images. Strategies: %s. "
                        + "Seeds: %d per strategy (one project each)%s. Rounds: %d, then %d per round, up to %,d labels. "
                        + "%s, driven through its REST API; a simulated annotator "
                        + "answered each batch from ground truth after %d ms, through the annotator API. "
                        + "Wall time of the whole run: %.1f min.%n%n",
                options.poolSize(), options.evalSize(),
                options.arms().stream().map(Arm::name).collect(Collectors.joining(", ")), seedsDone(),
                seedsDone() < options.seeds() ? " of the " + options.seeds() + " planned: the run was cut short" : "",
                options.firstBatch(), options.batch(), options.maxLabels(),
                options.cnn() ? "Needle with the reference CNN trainer (below)" : "Needle's built-in embedder and trainer",
                options.annotatorDelay().toMillis(), elapsed.toMillis() / 60e3));
        if (options.cnn())
            md.append(cnnTrainer());

        md.append("## Accuracy by labeled count (mean ± standard deviation over seeds)\n\n");
        List<String> arms = new ArrayList<>(accuracy.keySet());
        md.append("| labeled | ").append(String.join(" | ", arms)).append(" |\n");
        md.append("|---:|").append("---:|".repeat(arms.size())).append('\n');
        TreeMap<Integer, Boolean> counts = new TreeMap<>();
        accuracy.values().forEach(m -> m.keySet().forEach(c -> counts.put(c, true)));
        for (int count : counts.keySet()) {
            md.append("| ").append(count);
            for (String arm : arms) {
                List<Double> values = accuracy.get(arm).get(count);
                md.append(" | ").append(values == null ? "–" : Stats.of(values).format());
            }
            md.append(" |\n");
        }

        md.append("\n## Per strategy\n\n");
        md.append(options.cnn() ? "No all-labels reference in this run (see Reference points), so no labels-to-90% either.\n\n"
                : allLabels == null ? "All-labels reference not measured in this run.\n\n"
                        : String.format("90%% of the all-labels accuracy is %.4f.%n%n", 0.9 * allLabels.accuracy()));
        md.append("| strategy | area under the learning curve | labels to reach 90% of all-labels accuracy "
                + "| largest gain over RANDOM (at labels; spread) | largest loss to RANDOM (at labels; spread) |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (String arm : arms) {
            Integer to90 = labelsTo90(arm);
            List<Versus> vs = versusRandom(arm);
            Versus best = vs.stream().max((a, b) -> Double.compare(a.difference(), b.difference())).orElse(null);
            Versus worst = vs.stream().min((a, b) -> Double.compare(a.difference(), b.difference())).orElse(null);
            md.append(String.format("| %s | %s | %s | %s | %s |%n", arm, area(arm).format(),
                    to90 == null ? (allLabels == null ? "–" : "not within " + options.maxLabels()) : to90,
                    arm.equals(Arm.RANDOM.name()) ? "–" : versus(best),
                    arm.equals(Arm.RANDOM.name()) ? "–" : versus(worst)));
        }

        md.append("\n## Targets\n\n").append(targets()).append('\n');

        md.append("## Reference points\n\n");
        if (options.cnn()) {
            md.append("- **No all-labels reference and no scikit-learn check in this run.** Both measure the linear "
                    + "probe on Needle's built-in embeddings, which no round here used; training the CNN on every pool "
                    + "label was not part of this run.\n");
        }
        if (allLabels != null) {
            md.append(String.format("- **All %,d pool labels**, same embeddings and trainer (Needle's linear probe with its "
                    + "training activity's settings, run on the embedding artifact of this run): accuracy **%.4f** "
                    + "(trained in %.0f s). Called directly rather than as a round whose batch is the whole pool: the "
                    + "trainer and the embeddings are the same, without 60,000 labels sent through the API.%n",
                    allLabels.labeled(), allLabels.accuracy(), allLabels.seconds()));
        }
        md.append("- ").append(baselines()).append('\n');
        if (sklearn != null)
            md.append(sklearn.markdown(this));
        md.append('\n');

        md.append("## Wall time per round, by step (mean seconds over all rounds of the strategy)\n\n");
        md.append("EMBED of round 1 computes the embeddings (each project registers its own dataset, so each embeds once); "
                + "later rounds read them from the cache. LABELING includes the simulated annotator's delay and its "
                + "polling. Rounds of different projects ran side by side on the same machine.\n\n");
        md.append("| strategy | rounds | EMBED (round 1) | EMBED (later) | PREDICT | SCORE | QUERY | LABELING | RETRAIN "
                + "| round |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String arm : arms) {
            List<RoundResult> mine = rounds.stream().filter(r -> r.arm().equals(arm)).toList();
            if (mine.isEmpty())
                continue;
            md.append(String.format("| %s | %d | %s | %s", arm, mine.size(),
                    mean(mine.stream().filter(r -> r.round() == 1).toList(), "EMBED"),
                    mean(mine.stream().filter(r -> r.round() > 1).toList(), "EMBED")));
            for (String step : STEPS.subList(1, STEPS.size()))
                md.append(" | ").append(mean(mine, step));
            md.append(String.format(" | %.2f |%n", mine.stream().mapToDouble(RoundResult::seconds).average().orElse(0)));
        }
        md.append(shares(arms));
        if (!registrationSeconds.isEmpty()) {
            md.append(String.format("%nRegistering the dataset (scan, probe and hash every file) took %.1f s per project "
                    + "on average.%n", registrationSeconds.values().stream().mapToDouble(d -> d).average().orElse(0)));
        }
        md.append("\nRaw rounds: `rounds.csv`; plot: `learning-curves.png`.\n");
        return md.toString();
    }

    /**
     * Each step's share of a round's wall time, per strategy: the step's total seconds over all its rounds divided by
     * the rounds' total. What is not in a step (the start request, hand-overs between steps) is "other".
     */
    String shares(List<String> arms) {
        StringBuilder md = new StringBuilder("\n### Share of a round's wall time, by step\n\n");
        md.append("| strategy | ").append(String.join(" | ", STEPS)).append(" | other |\n");
        md.append("|---|").append("---:|".repeat(STEPS.size() + 1)).append('\n');
        for (String arm : arms) {
            List<RoundResult> mine = rounds.stream().filter(r -> r.arm().equals(arm)).toList();
            double total = mine.stream().mapToDouble(RoundResult::seconds).sum();
            if (mine.isEmpty() || total <= 0)
                continue;
            md.append("| ").append(arm);
            double inSteps = 0;
            for (String step : STEPS) {
                double t = mine.stream().mapToDouble(r -> r.stepSeconds().getOrDefault(step, 0.0)).sum();
                inSteps += t;
                md.append(String.format(" | %.0f%%", 100 * t / total));
            }
            md.append(String.format(" | %.0f%% |%n", 100 * Math.max(0, total - inSteps) / total));
        }
        if (options.cnn()) {
            md.append("\nWith the CNN, PREDICT runs the trainer's ONNX network over the unlabeled pool and EMBED (from "
                    + "round 2) runs its feature layer over pool and eval images, both inside Needle; RETRAIN is the "
                    + "hand-over to the trainer, its training and its report, including any wait behind another "
                    + "strategy's training (the trainer trains one run at a time).\n");
        }
        return md.toString();
    }

    /** The trainer's settings, quoted from its source. */
    private String cnnTrainer() {
        StringBuilder md = new StringBuilder("**Trainer: the reference CNN** (`trainers/torch-classifier`, as every "
                + "project's WEBHOOK trainer, `serve.py` on this machine, trainer timeout ")
                .append(options.trainerTimeout().toMinutes()).append(" min). Each round it trains the small CNN from "
                        + "scratch on all labels so far, measures it on the eval images (that is the round's accuracy), "
                        + "and hands back its ONNX network; the next round's PREDICT runs that network over the pool and "
                        + "the project's embedder (`model`) takes its 128-d feature layer, so UNCERTAINTY scores and "
                        + "CORAL's diversity both come from the CNN (round 1, before any model, is random on the built-in "
                        + "descriptor). Every round trains with the trainer's seed 0, so seeds differ only in what was "
                        + "selected. Its settings, as `train.py` and `model.py` have them:\n\n");
        for (String line : ReferenceTrainer.settings(ReferenceTrainer.folder()))
            md.append("    ").append(line).append('\n');
        return md.append('\n').toString();
    }

    private static String versus(Versus v) {
        return v == null ? "–" : String.format("%+.4f (%d; %.4f)", v.difference(), v.labeled(), v.spread());
    }

    private static String mean(List<RoundResult> rounds, String step) {
        return rounds.isEmpty() ? "–"
                : String.format("%.2f",
                        rounds.stream().mapToDouble(r -> r.stepSeconds().getOrDefault(step, 0.0)).average().orElse(0));
    }

    String targets() {
        StringBuilder out = new StringBuilder();
        List<String> winners = new ArrayList<>();
        for (String arm : accuracy.keySet()) {
            if (arm.equals(Arm.RANDOM.name()))
                continue;
            List<String> at = versusRandom(arm).stream().filter(v -> v.difference() > v.spread())
                    .map(v -> String.valueOf(v.labeled())).toList();
            if (!at.isEmpty())
                winners.add(arm + " at " + String.join(", ", at) + " labels");
        }
        out.append("- An uncertainty or diversity strategy beats RANDOM by more than the seed spread at some labeled count "
                + "≤ 2,000: ").append(winners.isEmpty() ? "**no**" : "**yes** — " + String.join("; ", winners))
                .append(".\n");
        if (accuracy.containsKey(Arm.CORAL.name())) {
            List<Versus> worse = versusRandom(Arm.CORAL.name()).stream().filter(v -> v.difference() < -v.spread())
                    .toList();
            out.append("- CORAL is never worse than RANDOM by more than the seed spread: ")
                    .append(worse.isEmpty() ? "**yes**"
                            : "**no** — at " + worse.stream().map(v -> v.labeled() + " labels ("
                                    + String.format("%+.4f, spread %.4f", v.difference(), v.spread()) + ")")
                                    .collect(Collectors.joining(", ")))
                    .append(".\n");
        }
        return out.toString();
    }

    /** What the Debian package's benchmark file is, read from it rather than assumed. */
    static String baselines() {
        if (!Files.isRegularFile(BASELINES))
            return "The package's `benchmark/baselines.json` is not installed here.";
        try {
            JsonNode classifiers = NeedleApi.JSON.readTree(BASELINES.toFile()).path("classifiers");
            List<String> names = new ArrayList<>();
            int settings = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = classifiers.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> c = it.next();
                names.add(c.getKey());
                int grid = 1;
                for (JsonNode parameter : c.getValue())
                    for (JsonNode values : parameter)
                        grid *= Math.max(1, values.size());
                settings += grid;
            }
            return String.format("The package's `benchmark/baselines.json` (%s) lists the hyper-parameter grid of the "
                    + "%d scikit-learn classifiers its authors benchmarked on raw pixels (%s; %d settings), not their "
                    + "accuracies: it is the recipe of their benchmark, not a result, so there is no number from it to "
                    + "compare with.", BASELINES, names.size(), String.join(", ", names), settings);
        } catch (IOException e) {
            return "The package's `benchmark/baselines.json` is unreadable: " + e.getMessage();
        }
    }

    public String csv() {
        StringBuilder csv = new StringBuilder("strategy,seed,round,labeled,accuracy,strategy_used,seconds");
        STEPS.forEach(s -> csv.append(',').append(s.toLowerCase()).append("_s"));
        csv.append('\n');
        for (RoundResult r : rounds) {
            csv.append(String.format("%s,%d,%d,%d,%.6f,%s,%.3f", r.arm(), r.seed(), r.round(), r.labeled(), r.accuracy(),
                    r.strategyUsed(), r.seconds()));
            STEPS.forEach(s -> csv.append(String.format(",%.3f", r.stepSeconds().getOrDefault(s, 0.0))));
            csv.append('\n');
        }
        return csv.toString();
    }

    public void writeTo(Path folder) {
        Evaluation.writeString(folder.resolve("report.md"), markdown());
        Evaluation.writeString(folder.resolve("rounds.csv"), csv());
        LearningCurveChart.write(folder.resolve("learning-curves.png"),
                String.format("Needle%s on Fashion-MNIST (%,d-image pool, %d seeds)",
                        options.cnn() ? " with the reference CNN" : "", options.poolSize(), seedsDone()),
                curves(), allLabels == null ? null : allLabels.accuracy());
    }

    SklearnCheck.Result sklearn() {
        return sklearn;
    }

    public AllLabels allLabels() {
        return allLabels;
    }

    public List<RoundResult> rounds() {
        return rounds;
    }

    Double allLabelsAccuracy() {
        return allLabels == null ? null : allLabels.accuracy();
    }
}
