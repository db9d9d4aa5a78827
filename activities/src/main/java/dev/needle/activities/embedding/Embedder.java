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
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

import org.opencv.core.Core;

/**
 * Turns an image file into a vector. A project picks one (see {@link Embedders}); the embedding cache is keyed by
 * {@link #id()}, so two embedders, or two configurations of one, never share vectors.
 *
 * <p>
 * Implementations are thread-safe: {@link #embedAll} calls {@link #embedBatch} (by default {@link #embed}) from
 * several threads.
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

    /**
     * How many files a worker of {@link #embedAll} takes at a time and hands to {@link #embedBatch}: a network runs
     * several images in one call faster than one per call. 1 for embedders that gain nothing from it.
     */
    default int batchSize() {
        return 1;
    }

    /**
     * Embeds a few files in one go: entry i is file i's vector, or null after {@code failed} heard why file i cannot be
     * embedded ({@link UnreadableImageException} or another {@link IOException}). One at a time by default.
     */
    default float[][] embedBatch(List<Path> files, BiConsumer<Integer, IOException> failed) {
        float[][] vectors = new float[files.size()][];
        for (int i = 0; i < vectors.length; i++) {
            try {
                vectors[i] = embed(files.get(i));
            } catch (IOException e) {
                failed.accept(i, e);
            }
        }
        return vectors;
    }

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
        int batch = Math.max(1, batchSize());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Runnable worker = () -> {
            // Parallelism is over images, in Java: OpenCV's own pool on top would fight these threads for the cores.
            Core.setNumThreads(1);
            for (int from; !Thread.currentThread().isInterrupted() && (from = next.getAndAdd(batch)) < n;) {
                List<Path> files = images.subList(from, Math.min(n, from + batch));
                int offset = from;
                float[][] embedded = embedBatch(files,
                        (i, e) -> failures[offset + i] = failure(offset + i, files.get(i), e));
                System.arraycopy(embedded, 0, vectors, from, files.size());
                done.addAndGet(files.size());
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

    private static EmbeddedImages.Failure failure(int index, Path file, IOException e) {
        if (e instanceof UnreadableImageException unreadable)
            return new EmbeddedImages.Failure(index, file, unreadable.reason(), true);
        return new EmbeddedImages.Failure(index, file, "cannot read the file: " + e, false);
    }
}
