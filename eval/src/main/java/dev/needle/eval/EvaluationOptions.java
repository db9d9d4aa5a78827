package dev.needle.eval;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How an evaluation runs. The defaults are the full evaluation of issue 7 (60,000-image pool, 10,000 eval images, 5
 * seeds, a first round of 100 then rounds of 100 up to 2,000 labels); {@code --quick} is the small one CI runs.
 *
 * @param trainer {@link #BUILTIN} or {@link #CNN}
 * @param trainerTimeout how long one attempt of the CNN trainer may take (the round's {@code trainerTimeout})
 * @param parallel projects run at the same time (one seed's strategies side by side; Needle's own workers do the
 *        compute, this only keeps every strategy moving while another waits for its annotator)
 */
public record EvaluationOptions(
        Path source,
        Path app,
        Path work,
        Path report,
        int poolSize,
        int evalSize,
        int seeds,
        List<Arm> arms,
        int firstBatch,
        int batch,
        int maxLabels,
        Duration annotatorDelay,
        int parallel,
        boolean reference,
        String python,
        String heap,
        Duration timeBudget,
        String trainer,
        Duration trainerTimeout) {

    /** Needle's built-in linear probe on its embeddings (the default). */
    public static final String BUILTIN = "builtin";
    /** The reference CNN trainer (trainers/torch-classifier) as every project's WEBHOOK trainer. */
    public static final String CNN = "cnn";

    static final String USAGE = """
            eval/run.sh [--quick] [options]
              --quick               2,000-image pool, 1,000 eval images, 2 seeds, 3 rounds (what CI runs)
              --pool N --eval N     images from the training set as pool, from the test set as eval (60000, 10000)
              --seeds N             seeds per strategy (5)
              --strategies LIST     comma list of random,margin,entropy,coreset,coral (all)
              --first N --batch N   first round's batch, later rounds' batch (100, 100)
              --max-labels N        stop when the next round would exceed N labels (2000)
              --delay-ms N          simulated annotator's delay before answering a batch (500)
              --parallel N          projects in flight at once (number of strategies)
              --time-budget MIN     start no further seed when it would end after MIN minutes (the report says how
                                    many seeds finished; the scikit-learn check still runs)
              --no-reference        skip the all-labels reference (the trainer on every pool label)
              --trainer KIND        builtin (Needle's linear probe) or cnn (trainers/torch-classifier as every
                                    project's WEBHOOK trainer, its ONNX network predicting and embedding the next
                                    round; no all-labels reference or scikit-learn check; report → eval/report-cnn)
              --trainer-timeout MIN one attempt of the cnn trainer (20)
              --python PATH         python with numpy and scikit-learn for the check, or 'none' (/usr/bin/python3);
                                    with --trainer cnn, the python (with torch and PIL) that runs the trainer
              --report DIR --work DIR --app JAR --source DIR --heap SIZE
            """;

    public static EvaluationOptions parse(String... args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        int t = Arrays.asList(args).indexOf("--trainer");
        String trainer = t >= 0 ? arg(args, t + 1, "--trainer") : BUILTIN;
        if (!trainer.equals(BUILTIN) && !trainer.equals(CNN))
            throw new IllegalArgumentException("--trainer is builtin or cnn, got " + trainer + "\n" + USAGE);
        boolean cnn = trainer.equals(CNN);
        Path root = Path.of("").toAbsolutePath();
        Path source = FashionMnist.DEBIAN;
        Path app = root.resolve("web/target/quarkus-app/quarkus-run.jar");
        Path work = root.resolve("eval/target/work");
        Path report = root.resolve(cnn ? (quick ? "eval/target/report-cnn-quick" : "eval/report-cnn")
                : (quick ? "eval/target/report-quick" : "eval/report"));
        int pool = quick ? 2_000 : FashionMnist.TRAIN_SIZE;
        int eval = quick ? 1_000 : FashionMnist.TEST_SIZE;
        int seeds = quick ? 2 : 5;
        List<Arm> arms = Arm.ALL;
        int first = 100;
        int batch = 100;
        int max = quick ? 300 : 2_000;
        long delayMs = 500;
        Integer parallel = null;
        // The all-labels reference is the linear probe on every pool label: it says nothing about the CNN.
        boolean reference = !cnn;
        String python = "/usr/bin/python3";
        String heap = "4g";
        Duration budget = null;
        Duration trainerTimeout = Duration.ofMinutes(20);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> {
                }
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                case "--no-reference" -> reference = false;
                case "--trainer" -> i++; // read above: it picks defaults
                case "--trainer-timeout" -> trainerTimeout = Duration.ofMinutes(intArg(args, ++i, a));
                case "--pool" -> pool = intArg(args, ++i, a);
                case "--eval" -> eval = intArg(args, ++i, a);
                case "--seeds" -> seeds = intArg(args, ++i, a);
                case "--first" -> first = intArg(args, ++i, a);
                case "--batch" -> batch = intArg(args, ++i, a);
                case "--max-labels" -> max = intArg(args, ++i, a);
                case "--delay-ms" -> delayMs = intArg(args, ++i, a);
                case "--parallel" -> parallel = intArg(args, ++i, a);
                case "--strategies" -> {
                    List<Arm> chosen = new ArrayList<>();
                    for (String s : arg(args, ++i, a).split(","))
                        chosen.add(Arm.of(s));
                    arms = List.copyOf(chosen);
                }
                case "--python" -> python = arg(args, ++i, a);
                case "--report" -> report = Path.of(arg(args, ++i, a)).toAbsolutePath();
                case "--work" -> work = Path.of(arg(args, ++i, a)).toAbsolutePath();
                case "--app" -> app = Path.of(arg(args, ++i, a)).toAbsolutePath();
                case "--source" -> source = Path.of(arg(args, ++i, a)).toAbsolutePath();
                case "--heap" -> heap = arg(args, ++i, a);
                case "--time-budget" -> budget = Duration.ofMinutes(intArg(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        if (seeds < 1 || first < 1 || batch < 1 || first > max || first > pool || delayMs < 0)
            throw new IllegalArgumentException("need seeds ≥ 1, 1 ≤ first ≤ max-labels, first ≤ pool, batch ≥ 1\n" + USAGE);
        return new EvaluationOptions(source, app, work, report, pool, eval, seeds, arms, first, batch, max,
                Duration.ofMillis(delayMs), parallel == null ? arms.size() : parallel, reference,
                python.equals("none") ? null : python, heap, budget, trainer, trainerTimeout);
    }

    public boolean cnn() {
        return trainer.equals(CNN);
    }

    /** Labeled counts the rounds reach: first, first + batch, … up to maxLabels. */
    public List<Integer> labeledCounts() {
        List<Integer> counts = new ArrayList<>();
        for (int n = firstBatch; n <= maxLabels && n <= poolSize; n += batch)
            counts.add(n);
        return counts;
    }

    private static String arg(String[] args, int i, String option) {
        if (i >= args.length)
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        return args[i];
    }

    private static int intArg(String[] args, int i, String option) {
        try {
            return Integer.parseInt(arg(args, i, option));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got " + args[i]);
        }
    }
}
