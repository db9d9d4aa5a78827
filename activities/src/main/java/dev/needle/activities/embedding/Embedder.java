package dev.needle.activities.embedding;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import org.opencv.core.Core;

/**
 * Turns an image file into a vector. A project picks one (see {@link Embedders}); the embedding cache is keyed by
 * {@link #id()}, so two embedders, or two configurations of one, never share vectors.
 *
 * <p>
 * Implementations are thread-safe: {@link #embedAll} calls {@link #embed} from several threads.
 */
public interface Embedder {

    long PROGRESS_INTERVAL_MS = 1000;

    /** Names the embedder and everything that changes its output (version, model file, preprocessing). */
    String id();

    /** Length of every vector. */
    int dimension();

    /**
     * @throws UnreadableImageException the content is not an image that can be embedded (reason in the message)
     * @throws IOException the file cannot be read
     */
    float[] embed(Path image) throws IOException;

    /** {@link #embedAll(List, int, IntConsumer)} without progress reports. */
    default EmbeddedImages embedAll(List<Path> images, int threads) throws InterruptedException {
        return embedAll(images, threads, done -> {
        });
    }

    /**
     * Embeds many files on {@code threads} threads; files that cannot be embedded are reported, not thrown.
     *
     * @param progress called on the calling thread about once a second with the number of files finished, and once at
     *        the end; if it throws (e.g. an activity heartbeat reporting cancellation), the work stops and the exception
     *        propagates
     */
    default EmbeddedImages embedAll(List<Path> images, int threads, IntConsumer progress) throws InterruptedException {
        if (threads < 1)
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        int n = images.size();
        float[][] vectors = new float[n][];
        EmbeddedImages.Failure[] failures = new EmbeddedImages.Failure[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Runnable worker = () -> {
            // Parallelism is over images, in Java: OpenCV's own pool on top would fight these threads for the cores.
            Core.setNumThreads(1);
            for (int i; !Thread.currentThread().isInterrupted() && (i = next.getAndIncrement()) < n; done.incrementAndGet()) {
                Path file = images.get(i);
                try {
                    vectors[i] = embed(file);
                } catch (UnreadableImageException e) {
                    failures[i] = new EmbeddedImages.Failure(i, file, e.reason(), true);
                } catch (IOException e) {
                    failures[i] = new EmbeddedImages.Failure(i, file, "cannot read the file: " + e, false);
                }
            }
        };

        int workers = Math.max(1, Math.min(threads, n));
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "needle-embed-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++)
                futures.add(pool.submit(worker));
            pool.shutdown();
            while (!pool.awaitTermination(PROGRESS_INTERVAL_MS, TimeUnit.MILLISECONDS))
                progress.accept(done.get());
            for (Future<?> f : futures)
                f.get(); // surfaces a bug in a worker instead of returning holes without reasons
            progress.accept(done.get());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }

        List<EmbeddedImages.Failure> failed = new ArrayList<>();
        for (EmbeddedImages.Failure f : failures) {
            if (f != null)
                failed.add(f);
        }
        return new EmbeddedImages(vectors, failed);
    }
}
