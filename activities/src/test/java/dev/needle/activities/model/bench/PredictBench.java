package dev.needle.activities.model.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.opencv.core.Core;

import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.activities.embedding.Embedder;
import dev.needle.activities.embedding.EmbeddingActivitiesImpl;
import dev.needle.activities.embedding.EncodedImage;
import dev.needle.activities.embedding.ImageDescriptor;
import dev.needle.activities.embedding.ShardEmbedding;
import dev.needle.activities.model.ModelCard;
import dev.needle.activities.model.OnnxClassifier;
import dev.needle.activities.model.OnnxNetwork;
import dev.needle.activities.model.OpenCvDnnClassifier;
import dev.needle.activities.prediction.PredictionActivitiesImpl;
import dev.needle.activities.scoring.ClassificationScorer;

/**
 * The PREDICT benchmark (run by {@code bench/predict.sh}, issue 14): a trainer's ONNX classifier over a pool of PNG
 * files, timed through the prediction step's own per-shard code ({@link PredictionActivitiesImpl#onnxShard}: read,
 * decode, tensor, ONNX Runtime, probabilities written as chunk and shard artifacts), in shards of 2,000 images as
 * {@code needle.embedding.shard-size} cuts a pool, on 1 and on 2 threads, in the same run. Beside it the same shards
 * through OpenCV DNN (same files, same tensors, same outputs read), the network alone on ready tensors, the argmax
 * agreement of the two engines, and PREDICT's share of the machine part of a round (EMBED with the built-in
 * descriptor + PREDICT + SCORE + QUERY of 100 by least confidence, all on 2 threads where they parallelise).
 *
 * <p>
 * Arguments: {@code --pool DIR} (PNG files under it, taken in name order), {@code --models DIR} (from
 * {@code bench/make_models.py}: {@code <name>.onnx} and {@code <name>.card.json}), {@code --sizes 20000,100000},
 * {@code --threads 1,2}, {@code --cap name=N,...} (time a model over at most N images, for a slow network: the sizes up to N,
 * or N alone),
 * {@code --artifacts DIR} (default a temporary folder).
 */
public final class PredictBench {

    private static final int SHARD = 2000;
    /** Images for the network-only figures and for the agreement check: fewer for a network 50× the CNN's cost. */
    private static final int SAMPLE = 1000;
    private static final int SMALL_SAMPLE = 250;
    private static final int QUERY = 100;

    private interface Network {
        void run(float[] pixels) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path poolDir = null;
        Path models = null;
        Path artifactsDir = null;
        int[] sizes = { 20_000, 100_000 };
        int[] threads = { 1, 2 };
        List<String> caps = List.of();
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--pool" -> poolDir = Path.of(args[i + 1]);
                case "--models" -> models = Path.of(args[i + 1]);
                case "--artifacts" -> artifactsDir = Path.of(args[i + 1]);
                case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--threads" -> threads = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--cap" -> caps = List.of(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (poolDir == null || models == null)
            throw new IllegalArgumentException("--pool and --models are required");
        List<Path> pool;
        try (Stream<Path> walk = Files.walk(poolDir)) {
            pool = walk.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        ArtifactStore artifacts = new ArtifactStore(artifactsDir != null ? artifactsDir
                : Files.createTempDirectory("needle-bench-predict-artifacts"));
        System.out.printf(Locale.ROOT, "# PREDICT benchmark: %d PNG files (%.1f KB on average), %d cores, %s %s, "
                + "shards of %d, chunks of %d%n%n", pool.size(),
                pool.stream().limit(1000).mapToLong(PredictBench::size).average().orElse(0) / 1024,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), SHARD, EmbeddingActivitiesImpl.CHUNK);

        List<String> rows = new ArrayList<>();
        List<String> rounds = new ArrayList<>();
        double worst = Double.MAX_VALUE;
        for (String name : List.of("cnn", "resnet18")) {
            Path file = models.resolve(name + ".onnx");
            if (!Files.exists(file))
                continue;
            ModelCard card = ModelCard.fromJson(Files.readString(models.resolve(name + ".card.json")));
            int cap = caps.stream().filter(c -> c.startsWith(name + "=")).mapToInt(c -> Integer.parseInt(c.substring(
                    name.length() + 1))).findFirst().orElse(Integer.MAX_VALUE);
            int sample = Math.min(pool.size(), name.equals("cnn") ? SAMPLE : SMALL_SAMPLE);
            try (OnnxClassifier ort = OnnxClassifier.load(file, card);
                    OnnxNetwork network = OnnxNetwork.load(file, card.input().name())) {
                OpenCvDnnClassifier opencv = new OpenCvDnnClassifier(file, card);
                Embedder ortImages = ort.probabilities("bench", EncodedImage.Limits.DEFAULT);
                String agreement = agreement(ortImages, opencv, pool.subList(0, sample));

                List<float[]> tensors = new ArrayList<>();
                for (Path p : pool.subList(0, sample))
                    tensors.add(OpenCvDnnClassifier.tensor(p, card));
                ModelCard.Input in = card.input();
                List<String> outputs = new ArrayList<>(List.of(card.outputs().classes()));
                if (card.outputs().features() != null)
                    outputs.add(card.outputs().features());
                Network ortNet = pixels -> network.run(pixels, 1, in.channels(), in.height(), in.width(), outputs);
                Network cvNet = opencv::run;
                StringBuilder networkOnly = new StringBuilder();
                for (Network net : List.of(ortNet, cvNet)) {
                    networkRate(tensors, 2, net); // warm-up
                    List<String> rates = new ArrayList<>();
                    for (int t : threads)
                        rates.add(String.format(Locale.ROOT, "%.0f", networkRate(tensors, t, net)));
                    networkOnly.append(networkOnly.length() == 0 ? "" : " · ").append(String.join(" / ", rates));
                }

                // Warm-up of the whole path on every thread count and engine.
                List<Path> warm = pool.subList(0, sample / 2);
                for (int t : threads) {
                    predict(PredictionActivitiesImpl.onnxShard(ort, "bench", artifacts, t), warm);
                    predict(new ShardEmbedding(opencv, artifacts, t, EmbeddingActivitiesImpl.CHUNK, "predictions"), warm);
                }

                String shape = in.channels() + "×" + in.height() + "×" + in.width();
                // A slow network is timed on the sizes up to its cap, or on its cap alone when every size is above it.
                int[] own = Arrays.stream(sizes).filter(n -> n <= cap).toArray();
                if (own.length == 0)
                    own = new int[] { cap };
                for (int n : own) {
                    if (n > pool.size())
                        continue;
                    List<Path> files = pool.subList(0, n);
                    double[] ortRate = new double[threads.length];
                    double[] cvRate = new double[threads.length];
                    double[] ortCpu = new double[threads.length];
                    OTHERS.clear();
                    double ortSeconds2 = 0;
                    List<String> shardArtifacts = null;
                    for (int k = 0; k < threads.length; k++) {
                        int t = threads[k];
                        Timed run = predict(PredictionActivitiesImpl.onnxShard(ort, "bench", artifacts, t), files);
                        ortRate[k] = n / run.seconds;
                        ortCpu[k] = run.cpu;
                        if (k == threads.length - 1) {
                            ortSeconds2 = run.seconds;
                            shardArtifacts = run.artifacts;
                        }
                        cvRate[k] = n / predict(new ShardEmbedding(opencv, artifacts, t, EmbeddingActivitiesImpl.CHUNK,
                                "predictions"), files).seconds;
                        System.err.printf(Locale.ROOT, "%s n=%d threads=%d: ORT %.0f /s, OpenCV DNN %.0f /s%n", name,
                                n, t, ortRate[k], cvRate[k]);
                    }
                    int last = threads.length - 1;
                    double ratio = ortRate[last] / ortRate[0];
                    if (threads.length > 1)
                        worst = Math.min(worst, ratio);
                    rows.add(String.format(Locale.ROOT, "| %s (%s) | %d | %s | %s | %s | %s | %.2f× | %.2f× | %s | %s | %.2f |",
                            name, shape, n, rates(ortRate), rates(ortCpu),
                            threads.length > 1 ? String.format(Locale.ROOT, "%.2f×",
                                    ratio) : "–",
                            rates(cvRate), cvRate[last] / cvRate[0], ortRate[last] / cvRate[last],
                            networkOnly, agreement, OTHERS.stream().mapToDouble(d -> d).max().orElse(0)));
                    if (name.equals("cnn"))
                        rounds.add(round(name, n, files, artifacts, threads[last], ortSeconds2, shardArtifacts));
                }
            }
        }
        System.out.println("Images per second through PREDICT's per-shard code (read + decode + tensor + network, "
                + OnnxClassifier.BATCH + " images per call + "
                + "probabilities written), threads " + Arrays.toString(threads) + "; network only = the same network "
                + "on ready tensors, one image per call, ORT · OpenCV DNN, by thread count.");
        System.out.println();
        System.out.println("| model (input) | images | ORT images/s by threads | ORT CPU µs per image by threads "
                + "| ORT last ÷ first (target ≥ 1.7×) "
                + "| OpenCV DNN images/s by threads | OpenCV DNN last ÷ first | ORT ÷ OpenCV DNN (most threads) "
                + "| network only, images/s (ORT · OpenCV DNN) | argmax agreement ORT vs OpenCV DNN "
                + "| other processes, cores busy (worst run) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("PREDICT's share of the machine part of a round (reference CNN, " + threads[threads.length - 1]
                + " threads; labelling and the trainer's retraining are not Needle's time):");
        System.out.println();
        System.out.println("| images | EMBED (built-in descriptor) | PREDICT (ORT) | SCORE (3 scores) | QUERY (top "
                + QUERY + ") | PREDICT share |");
        System.out.println("|---|---|---|---|---|---|");
        rounds.forEach(System.out::println);
        if (worst < Double.MAX_VALUE)
            System.out.printf(Locale.ROOT, "%ntarget: ORT on %d threads ≥ 1.7× its own 1-thread throughput: %s "
                    + "(worst %.2f×)%n", threads[threads.length - 1], worst >= 1.7 ? "met" : "NOT met", worst);
    }

    /** {@code cpu}: this process's CPU time per image, in microseconds (GC and JIT included). */
    private record Timed(double seconds, List<String> artifacts, double others, double cpu) {
    }

    /**
     * {@link #once}, repeated (at most three times, keeping the fastest) while other processes kept more than a fifth
     * of a core busy during a run of under 20 s: this machine is shared, and a figure taken under someone else's build
     * says little (a longer run is taken as it is, with the load it had: the table shows it).
     */
    private static Timed predict(ShardEmbedding shards, List<Path> files) throws InterruptedException {
        Timed best = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            System.gc();
            Timed run = once(shards, files);
            if (best == null || run.seconds < best.seconds)
                best = run;
            if (run.others < 0.2 || run.seconds > 20)
                break;
        }
        OTHERS.add(best.others);
        return best;
    }

    /** What other processes kept busy during the figures printed so far, in cores: the largest of them. */
    private static final List<Double> OTHERS = new ArrayList<>();

    /** The pool's images in shards of {@link #SHARD}, one after the other, each as the prediction step runs one. */
    private static Timed once(ShardEmbedding shards, List<Path> files) throws InterruptedException {
        long[] busy = busyMachineAndProcess();
        long start = System.nanoTime();
        List<String> out = new ArrayList<>();
        int skipped = 0;
        for (int from = 0; from < files.size(); from += SHARD) {
            List<Path> shard = files.subList(from, Math.min(files.size(), from + SHARD));
            long[] ids = new long[shard.size()];
            for (int i = 0; i < ids.length; i++)
                ids[i] = from + i + 1;
            ShardEmbedding.Result result = shards.run(ids, shard, null, checkpoint -> {
            }, skips -> {
            });
            skipped += result.skipped();
            out.add(result.artifact());
        }
        if (skipped > 0)
            throw new IllegalStateException(skipped + " images were skipped");
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] after = busyMachineAndProcess();
        double others = Math.max(0, ((after[0] - busy[0]) - (after[1] - busy[1])) / 1e9 / seconds);
        return new Timed(seconds, out, others, (after[1] - busy[1]) / 1e3 / files.size());
    }

    /**
     * CPU time all processes of the machine have used (from /proc/stat, without idle and I/O wait) and this process
     * has, in nanoseconds; 0 for the machine where /proc/stat cannot be read.
     */
    private static long[] busyMachineAndProcess() {
        long process = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        long machine = 0;
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] { 1, 2, 3, 6, 7, 8 }) // user nice system irq softirq steal
                ticks += Long.parseLong(cpu[i]);
            machine = ticks * 10_000_000L; // USER_HZ = 100
        } catch (IOException | RuntimeException e) {
            machine = process;
        }
        return new long[] { machine, process };
    }

    /** The rest of a round's machine work on the same pool, each step as its activity does it (minus the database). */
    private static String round(String name, int n, List<Path> files, ArtifactStore artifacts, int threads,
            double predictSeconds, List<String> predictions) throws Exception {
        ShardEmbedding descriptor = new ShardEmbedding(new ImageDescriptor(), artifacts, threads,
                EmbeddingActivitiesImpl.CHUNK);
        once(descriptor, files.subList(0, Math.min(files.size(), SAMPLE))); // warm-up
        double embed = predict(descriptor, files).seconds;
        long start = System.nanoTime();
        List<SampleMatrix> parts = new ArrayList<>();
        for (String id : predictions) {
            try (InputStream in = artifacts.open(id)) {
                parts.add(SampleMatrix.readFrom(in));
            }
        }
        SampleMatrix p = SampleMatrix.concat(parts.get(0).columns(), parts);
        double[] scores = ClassificationScorer.scoreAll(p.values(), p.rows(), p.columns(), true)
                .get(ClassificationScorer.LEAST_CONFIDENCE);
        double score = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++)
            order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        long check = Arrays.stream(order, 0, Math.min(QUERY, order.length)).mapToLong(i -> p.sampleIds()[i]).sum();
        double query = (System.nanoTime() - start) / 1e9;
        if (check < 0)
            throw new IllegalStateException();
        double total = embed + predictSeconds + score + query;
        return String.format(Locale.ROOT, "| %d | %.1f s | %.1f s | %.2f s | %.2f s | %.0f%% |", n, embed,
                predictSeconds, score, query, 100 * predictSeconds / total);
    }

    /** Share of images whose most probable class is the same with both engines, and the largest probability gap. */
    private static String agreement(Embedder a, Embedder b, List<Path> files) throws IOException {
        int same = 0;
        double gap = 0;
        for (Path file : files) {
            float[] x = a.embed(file);
            float[] y = b.embed(file);
            same += argmax(x) == argmax(y) ? 1 : 0;
            for (int k = 0; k < x.length; k++)
                gap = Math.max(gap, Math.abs(x[k] - y[k]));
        }
        return String.format(Locale.ROOT, "%d/%d (largest probability gap %.1e)", same, files.size(), gap);
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best])
                best = k;
        }
        return best;
    }

    /** Images per second of the network alone on ready tensors, one per call, on {@code threads} threads. */
    private static double networkRate(List<float[]> tensors, int threads, Network net) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    Core.setNumThreads(1);
                    for (int i; (i = next.getAndIncrement()) < tensors.size();)
                        net.run(tensors.get(i));
                    return null;
                }));
            }
            for (Future<?> f : futures)
                f.get();
            return tensors.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    private static String rates(double[] rates) {
        List<String> out = new ArrayList<>();
        for (double r : rates)
            out.add(String.format(Locale.ROOT, "%.0f", r));
        return String.join(" / ", out);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
