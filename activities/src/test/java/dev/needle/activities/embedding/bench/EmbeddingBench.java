package dev.needle.activities.embedding.bench;

import java.io.IOException;
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

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import dev.needle.activities.embedding.EmbeddedImages;
import dev.needle.activities.embedding.ImageDescriptor;
import dev.needle.activities.embedding.OpenCv;

/**
 * The embedding benchmark (run by {@code bench/embedding.sh}): on generated 1164×874 JPEGs (Comma10k's frame size),
 * the throughput of a plain full decode (colour and grey), of a reduced decode, and of the built-in descriptor, which
 * reads, decodes at reduced size and describes each file, all on the same files and the same Java threads (one OpenCV
 * thread each), measured in the same run. Each figure is the best of three passes.
 *
 * <p>
 * Arguments: {@code --images N} (default 300), {@code --threads 1,2}, {@code --data DIR} (default
 * /tmp/needle-bench-embedding; the generated files are reused when present).
 */
public final class EmbeddingBench {

    private static final int WIDTH = 1164;
    private static final int HEIGHT = 874;

    private interface Work {
        void run(Path file) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        int images = 300;
        int[] threads = { 1, 2 };
        Path data = Path.of("/tmp/needle-bench-embedding");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--images" -> images = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--data" -> data = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        OpenCv.load();
        List<Path> files = generate(data, images);
        ImageDescriptor descriptor = new ImageDescriptor();
        System.out.printf(Locale.ROOT, "%d generated %d×%d JPEGs (quality 90, %.0f KB on average), %d cores%n%n", images,
                WIDTH, HEIGHT, files.stream().mapToLong(EmbeddingBench::size).average().orElse(0) / 1024,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| threads | full decode, colour | full decode, grey | reduced decode (grey, 1/8) "
                + "| descriptor (read + reduced decode + describe) | descriptor ÷ full colour decode "
                + "| descriptor ÷ reduced decode |");
        System.out.println("|---|---|---|---|---|---|---|");
        double twoThreads = 0;
        double worstRatio = Double.MAX_VALUE;
        for (int t : threads) {
            double colour = best(files, t, file -> decode(file, Imgcodecs.IMREAD_COLOR));
            double grey = best(files, t, file -> decode(file, Imgcodecs.IMREAD_GRAYSCALE));
            double reduced = best(files, t, file -> decode(file, Imgcodecs.IMREAD_REDUCED_GRAYSCALE_8));
            double described = 0;
            for (int pass = 0; pass < 3; pass++) {
                long start = System.nanoTime();
                EmbeddedImages result = descriptor.embedAll(files, t);
                if (!result.failures().isEmpty())
                    throw new IllegalStateException("descriptor failed: " + result.failures().get(0));
                described = Math.max(described, files.size() / ((System.nanoTime() - start) / 1e9));
            }
            System.out.printf(Locale.ROOT, "| %d | %.0f /s | %.0f /s | %.0f /s | %.0f /s | %.2f× | %.2f× |%n", t, colour,
                    grey, reduced, described, described / colour, described / reduced);
            worstRatio = Math.min(worstRatio, described / colour);
            if (t == 2)
                twoThreads = described;
        }
        System.out.printf(Locale.ROOT, "%ntargets: descriptor ≥ 0.8× full decode on the same threads: %s (worst %.2f×)",
                worstRatio >= 0.8 ? "met" : "NOT met", worstRatio);
        if (twoThreads > 0)
            System.out.printf(Locale.ROOT, "; ≥ 400 images/s on 2 threads: %s (%.0f /s)", twoThreads >= 400 ? "met" : "NOT met",
                    twoThreads);
        System.out.println();
    }

    private static void decode(Path file, int flags) throws IOException {
        MatOfByte bytes = new MatOfByte(Files.readAllBytes(file));
        Mat image = Imgcodecs.imdecode(bytes, flags);
        try {
            if (image.empty())
                throw new IOException("could not decode " + file);
        } finally {
            image.release();
            bytes.release();
        }
    }

    /** Images per second over all files on {@code threads} threads, best of three passes. */
    private static double best(List<Path> files, int threads, Work work) throws Exception {
        double best = 0;
        for (int pass = 0; pass < 3; pass++) {
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    Core.setNumThreads(1);
                    for (int i; (i = next.getAndIncrement()) < files.size();)
                        work.run(files.get(i));
                    return null;
                }));
            }
            for (Future<?> f : futures)
                f.get();
            best = Math.max(best, files.size() / ((System.nanoTime() - start) / 1e9));
            pool.shutdown();
        }
        return best;
    }

    /** Smooth random scenes with some texture, so JPEG sizes and decode costs are like photos'. */
    private static List<Path> generate(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = folder.resolve(String.format(Locale.ROOT, "frame-%05d.jpg", i));
            if (!Files.exists(file)) {
                Mat coarse = new Mat(HEIGHT / 16, WIDTH / 16, CvType.CV_8UC3);
                Mat image = new Mat();
                Mat noise = new Mat(HEIGHT, WIDTH, CvType.CV_8UC3);
                MatOfByte encoded = new MatOfByte();
                Core.setRNGSeed(i);
                Core.randu(coarse, 0, 255);
                Imgproc.resize(coarse, image, new Size(WIDTH, HEIGHT), 0, 0, Imgproc.INTER_CUBIC);
                Core.randn(noise, 0, 12);
                Core.add(image, noise, image);
                Imgcodecs.imencode(".jpg", image, encoded, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90));
                Files.write(file, encoded.toArray());
                coarse.release();
                image.release();
                noise.release();
                encoded.release();
            }
            files.add(file);
        }
        return files;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
