package dev.needle.activities.selection.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.needle.activities.scoring.ClassificationScorer;
import dev.needle.activities.selection.CoralMode;
import dev.needle.activities.selection.Embeddings;
import dev.needle.activities.selection.SelectionRequest;
import dev.needle.activities.selection.Selector;
import dev.needle.activities.selection.Strategy;
import dev.needle.activities.selection.Tuning;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The selection benchmark (run by {@code bench/run.sh}; arguments are documented there). On the same generated data
 * it times greedy k-center as google/active-learning does it (scikit-learn), a tuned numpy version, and Needle in fp32
 * and bf16, unpruned and pruned, plus CORAL; it measures the memory-read bandwidth in the same run and reports each
 * Needle time against the time reading the embeddings once per pick would take at that bandwidth.
 */
public final class SelectionBench {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;

    private record Options(boolean quick, Path data, String python, Path script, int threads, double slowLimit,
            boolean references) {
    }

    private record Timed(double seconds, int[] picks, double radius, long evaluations) {
    }

    /** The ratios of one table row that the targets are stated in. */
    private record Ratios(String kind, int n, int d, int k, double vsSklearn, double vsNumpy, double ofBound,
            double halfSpeedup, double halfVsSklearn, double halfVsNumpy, double fewerEvaluations, double pruningSpeedup,
            double coralCost) {
    }

    private static final List<Ratios> ROWS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        boolean quick = a.contains("--quick");
        Options o = new Options(quick, Path.of(value(a, "--data", "/tmp/needle-bench")),
                value(a, "--python", "/usr/bin/python3"), Path.of(value(a, "--script", "bench/kcenter.py")),
                Integer.parseInt(value(a, "--threads", String.valueOf(Runtime.getRuntime().availableProcessors()))),
                Double.parseDouble(value(a, "--slow-limit", "2e10")), !a.contains("--no-references"));
        Files.createDirectories(o.data);
        int[] sizes = ints(value(a, "--sizes", quick ? "20000" : "100000,1000000"));
        int[] dims = ints(value(a, "--dims", quick ? "64" : "128,512"));
        int[] ks = ints(value(a, "--ks", quick ? "20,100" : "100,1000"));
        String[] kinds = value(a, "--kinds", "uniform,clustered").split(",");

        System.out.printf(Locale.ROOT, "# Needle selection benchmark — %s, JDK %s, %d threads, %s%n",
                quick ? "quick" : "full", Runtime.version(), o.threads, System.getProperty("os.arch"));
        float[] probe = new float[quick ? 1 << 26 : 1 << 28];
        Arrays.fill(probe, 1f);
        System.out.printf(Locale.ROOT, "# memory read bandwidth: %.1f GB/s (%d threads, vector sums over %d MB, best of 8;"
                + " measured again before each row)%n", bandwidth(o.threads, probe) / 1e9, o.threads, probe.length / 250_000);
        scoringBench(quick ? 100_000 : 1_000_000, 100);
        warmUp(o);
        System.out.println();
        System.out.println("| data | N | d | k | (a) sklearn s | (b) numpy s | fp32 s | fp32 pruned s | bf16 s "
                + "| bf16 pruned s | CORAL fp32 s | fp32 % of bound | bf16 % of bound | (a)/fp32 | (b)/fp32 | fp32/bf16 "
                + "| pruning: fewer evals, faster | CORAL/CORESET | picks (a)=(b)=fp32 | bf16 radius/fp32 | GB/s |");
        System.out.println("|" + "---|".repeat(21));
        for (int n : sizes) {
            for (int d : dims) {
                for (String kind : kinds) {
                    float[] data = kind.equals("uniform") ? Synthetic.uniform(n, d, 1) : Synthetic.mixture(n, d, 100, 0.05, 1);
                    Path file = o.data.resolve(kind + "-" + n + "x" + d + ".f32");
                    if (o.references) {
                        write(file, data);
                    }
                    Embeddings fp32 = Embeddings.rowMajor(data, n, d);
                    Embeddings bf16 = fp32.toHalfPrecision();
                    double[] scores = new SplittableRandom(2).doubles(n).toArray();
                    for (int k : ks) {
                        row(o, kind, n, d, k, file, fp32, bf16, scores, probe, ks[0]);
                    }
                    Files.deleteIfExists(file);
                }
            }
        }
        System.out.println();
        System.out.println("(a) runs only up to N·d·k = " + String.format(Locale.ROOT, "%.0e", o.slowLimit)
                + " values read; above that its time is extrapolated linearly in k from its run at k = " + ks[0]
                + " (marked ~).");
        System.out.println("bound = k passes × N·d·bytes ÷ measured bandwidth; pruned runs may beat it by skipping rows.");
        if (o.quick) {
            // The quick grid fits in the CPU caches: its ratios say nothing about a memory-bound workload.
            System.out.println("Targets are read off the full run only (bench/run.sh without --quick).");
        } else {
            targets();
        }
    }

    private static void row(Options o, String kind, int n, int d, int k, Path file, Embeddings fp32, Embeddings bf16,
            double[] scores, float[] probe, int smallK) throws Exception {
        double bandwidth = bandwidth(o.threads, probe);
        Timed plain = needle(o, fp32, k, Tuning.Pruning.NEVER, Strategy.CORESET, null);
        Timed pruned = needle(o, fp32, k, Tuning.Pruning.AUTO, Strategy.CORESET, null);
        Timed half = needle(o, bf16, k, Tuning.Pruning.NEVER, Strategy.CORESET, null);
        Timed halfPruned = needle(o, bf16, k, Tuning.Pruning.AUTO, Strategy.CORESET, null);
        Timed coral = needle(o, fp32, k, Tuning.Pruning.AUTO, Strategy.CORAL, scores);
        int first = plain.picks[0];
        Timed numpy = o.references ? python(o, "numpy", file, n, d, k, first) : NONE;
        String sklearnCell;
        double sklearnSeconds;
        Timed sklearn = null;
        if (!o.references) {
            sklearnSeconds = Double.NaN;
            sklearnCell = "–";
        } else if ((double) n * d * k <= o.slowLimit || k <= smallK) {
            sklearn = python(o, "sklearn", file, n, d, k, first);
            sklearnSeconds = sklearn.seconds;
            sklearnCell = f(sklearnSeconds);
        } else {
            sklearnSeconds = python(o, "sklearn", file, n, d, smallK, first).seconds * k / smallK;
            sklearnCell = "~" + f(sklearnSeconds);
        }
        double boundFp32 = (double) k * n * d * 4 / bandwidth;
        double boundBf16 = boundFp32 / 2;
        boolean samePicks = Arrays.equals(plain.picks, pruned.picks)
                && (!o.references || Arrays.equals(plain.picks, numpy.picks))
                && (sklearn == null || Arrays.equals(plain.picks, sklearn.picks));
        boolean halfSame = Arrays.equals(half.picks, halfPruned.picks);
        String pruning = String.format(Locale.ROOT, "%.1f×, %.1f×", (double) plain.evaluations / pruned.evaluations,
                plain.seconds / pruned.seconds);
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %.0f%% | %.0f%% | %.1f× "
                + "| %.1f× | %.2f× | %s | %.2f | %s | %.4f | %.1f |%n",
                kind, n, d, k, sklearnCell, f(numpy.seconds), f(plain.seconds), f(pruned.seconds), f(half.seconds),
                f(halfPruned.seconds), f(coral.seconds), 100 * boundFp32 / plain.seconds, 100 * boundBf16 / half.seconds,
                sklearnSeconds / plain.seconds, numpy.seconds / plain.seconds, plain.seconds / half.seconds, pruning,
                coral.seconds / pruned.seconds,
                samePicks ? "yes"
                        : "no (" + agreement(plain.picks, numpy.picks) + " of " + k + " with numpy)"
                                + (halfSame ? "" : ", bf16 pruned≠unpruned"),
                half.radius / plain.radius, bandwidth / 1e9);
        ROWS.add(new Ratios(kind, n, d, k, sklearnSeconds / plain.seconds, numpy.seconds / plain.seconds,
                boundFp32 / plain.seconds, plain.seconds / half.seconds, sklearnSeconds / half.seconds,
                numpy.seconds / half.seconds, (double) plain.evaluations / pruned.evaluations, plain.seconds / pruned.seconds,
                coral.seconds / pruned.seconds));
    }

    /** The targets, read off the largest uniform and clustered rows. */
    private static void targets() {
        Ratios uniform = largest("uniform");
        Ratios clustered = largest("clustered");
        if (uniform == null || clustered == null) {
            return;
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Targets at N=%d, d=%d, k=%d (CORESET):%n", uniform.n, uniform.d, uniform.k);
        target("fp32 vs (a) sklearn", uniform.vsSklearn, "≥ 5×", uniform.vsSklearn >= 5);
        target("fp32 vs (b) numpy", uniform.vsNumpy, "≥ 1.3×", uniform.vsNumpy >= 1.3);
        System.out.printf(Locale.ROOT, "  %-40s %6.0f%%   target ≥ 85%%   %s%n", "fp32 share of the bandwidth bound",
                100 * uniform.ofBound, uniform.ofBound >= 0.85 ? "met" : "MISSED");
        target("bf16 vs fp32", uniform.halfSpeedup, "≥ 1.8×", uniform.halfSpeedup >= 1.8);
        target("bf16 vs (a) sklearn", uniform.halfVsSklearn, "≥ 10×", uniform.halfVsSklearn >= 10);
        target("bf16 vs (b) numpy", uniform.halfVsNumpy, "≥ 2.5×", uniform.halfVsNumpy >= 2.5);
        target("clustered: fewer distance evaluations", clustered.fewerEvaluations, "≥ 4×",
                clustered.fewerEvaluations >= 4);
        target("clustered: pruned vs unpruned time", clustered.pruningSpeedup, "≥ 3×", clustered.pruningSpeedup >= 3);
        double coral = ROWS.stream().filter(r -> r.n == uniform.n && r.d == uniform.d && r.k == uniform.k)
                .mapToDouble(Ratios::coralCost).max().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "  %-40s %6.2f×   target ≤ 1.2×   %s%n", "CORAL time / CORESET time (worst)", coral,
                coral <= 1.2 ? "met" : "MISSED");
    }

    private static Ratios largest(String kind) {
        return ROWS.stream().filter(r -> r.kind.equals(kind))
                .max((a, b) -> Double.compare((double) a.n * a.d * a.k, (double) b.n * b.d * b.k)).orElse(null);
    }

    private static void target(String what, double value, String goal, boolean met) {
        System.out.printf(Locale.ROOT, "  %-40s %6.2f×   target %-6s   %s%n", what, value, goal, met ? "met" : "MISSED");
    }

    private static final Timed NONE = new Timed(Double.NaN, new int[0], Double.NaN, 0);

    /** Compiles the kernels before anything is timed. */
    private static void warmUp(Options o) {
        int n = 20_000;
        for (int d : new int[] { 64, 128 }) {
            Embeddings e = Embeddings.rowMajor(Synthetic.mixture(n, d, 20, 0.05, 3), n, d);
            double[] scores = new SplittableRandom(1).doubles(n).toArray();
            for (int round = 0; round < 3; round++) {
                for (Embeddings x : List.of(e, e.toHalfPrecision())) {
                    needle(o, x, 100, Tuning.Pruning.NEVER, Strategy.CORESET, null);
                    needle(o, x, 100, Tuning.Pruning.AUTO, Strategy.CORESET, null);
                    needle(o, x, 100, Tuning.Pruning.AUTO, Strategy.CORAL, scores);
                }
            }
        }
    }

    private static Timed needle(Options o, Embeddings e, int k, Tuning.Pruning pruning, Strategy strategy,
            double[] scores) {
        SelectionRequest request = SelectionRequest.builder(strategy).embeddings(e).k(k).seed(7).scores(scores)
                .coralMode(CoralMode.SAMPLED).threads(o.threads).build();
        long start = System.nanoTime();
        Selector.Run run = Selector.run(request, new Tuning(pruning, Tuning.Kernel.AUTO, 0));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Timed(seconds, run.result().picks(), run.result().maxMinDistance(), run.stats().distanceEvaluations());
    }

    private static final Pattern SECONDS = Pattern.compile("\"seconds\": ([0-9.eE+-]+)");
    private static final Pattern PICKS = Pattern.compile("\"picks\": \\[([0-9, ]*)]");
    private static final Pattern RADIUS = Pattern.compile("\"radius\": ([0-9.eE+-]+)");

    private static Timed python(Options o, String mode, Path file, int n, int d, int k, int first) throws Exception {
        Process p = new ProcessBuilder(o.python, o.script.toString(), mode, file.toString(), String.valueOf(n),
                String.valueOf(d), String.valueOf(k), String.valueOf(first)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(mode + " reference failed: " + out);
        }
        Matcher s = SECONDS.matcher(out);
        Matcher picks = PICKS.matcher(out);
        Matcher r = RADIUS.matcher(out);
        if (!s.find() || !picks.find() || !r.find()) {
            throw new IllegalStateException("unexpected output of " + mode + ": " + out);
        }
        int[] indices = Arrays.stream(picks.group(1).split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        return new Timed(Double.parseDouble(s.group(1)), indices, Double.parseDouble(r.group(1)), 0);
    }

    private static int agreement(int[] a, int[] b) {
        int same = 0;
        while (same < Math.min(a.length, b.length) && a[same] == b[same]) {
            same++;
        }
        return same;
    }

    /**
     * Bytes per second reading a float array far larger than the caches with the Vector API on all threads: the best
     * of several rounds of two read kernels (one stream per thread, and two interleaved streams), after compiling them.
     * The host's memory bus is shared, so this is measured again next to every row of the table.
     */
    static double bandwidth(int threads, float[] data) throws Exception {
        float[] small = new float[1 << 14];
        float sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += sum(small, 0, small.length) + sum2(small, 0, small.length);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double best = 0;
            int chunk = data.length / threads / 64 * 64;
            for (int round = 0; round < 8; round++) {
                boolean two = round % 2 == 1;
                List<Future<Float>> parts = new ArrayList<>();
                long start = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    int from = t * chunk;
                    parts.add(pool.submit(() -> two ? sum2(data, from, from + chunk) : sum(data, from, from + chunk)));
                }
                for (Future<Float> part : parts) {
                    sink += part.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                best = Math.max(best, (double) chunk * threads * 4 / seconds);
            }
            return sink == -1 ? 0 : best;
        } finally {
            pool.shutdown();
        }
    }

    private static float sum(float[] a, int from, int to) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F);
        FloatVector s3 = FloatVector.zero(F);
        for (int i = from; i + 32 <= to; i += 32) {
            s0 = s0.add(FloatVector.fromArray(F, a, i));
            s1 = s1.add(FloatVector.fromArray(F, a, i + 8));
            s2 = s2.add(FloatVector.fromArray(F, a, i + 16));
            s3 = s3.add(FloatVector.fromArray(F, a, i + 24));
        }
        return s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
    }

    private static float sum2(float[] a, int from, int to) {
        int half = (to - from) / 2 / 16 * 16;
        int second = from + half;
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F);
        FloatVector s3 = FloatVector.zero(F);
        for (int i = 0; i + 16 <= half; i += 16) {
            s0 = s0.add(FloatVector.fromArray(F, a, from + i));
            s1 = s1.add(FloatVector.fromArray(F, a, from + i + 8));
            s2 = s2.add(FloatVector.fromArray(F, a, second + i));
            s3 = s3.add(FloatVector.fromArray(F, a, second + i + 8));
        }
        return s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
    }

    /** Scoring throughput: all three classification scores of n rows × c classes on one thread. */
    private static void scoringBench(int n, int c) {
        SplittableRandom random = new SplittableRandom(3);
        float[] p = new float[n * c];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < c; j++) {
                double v = Math.exp(3 * random.nextDouble());
                p[i * c + j] = (float) v;
                sum += v;
            }
            for (int j = 0; j < c; j++) {
                p[i * c + j] = (float) (p[i * c + j] / sum);
            }
        }
        double best = Double.POSITIVE_INFINITY;
        double check = 0;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            Map<String, double[]> s = ClassificationScorer.scoreAll(p, n, c, true);
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
            check += s.get(ClassificationScorer.ENTROPY)[n - 1];
        }
        System.out.printf(Locale.ROOT, "# scoring %d × %d classification outputs (all three scores, one thread): %.3f s "
                + "(target ≤ 0.5 s for 1M × 100)%s%n", n, c, best, check < 0 ? "!" : "");
    }

    private static void write(Path file, float[] data) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < data.length;) {
                buffer.clear();
                while (i < data.length && buffer.remaining() >= 4) {
                    buffer.putFloat(data[i++]);
                }
                out.write(buffer.array(), 0, buffer.position());
            }
        }
    }

    private static String f(double seconds) {
        return String.format(Locale.ROOT, seconds < 10 ? "%.2f" : "%.1f", seconds);
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static String value(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }
}
