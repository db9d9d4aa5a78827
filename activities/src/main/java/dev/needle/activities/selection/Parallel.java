package dev.needle.activities.selection;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs a pass's blocks on a fixed set of threads, the caller being one of them. Threads take the next block from a
 * shared counter, so pruned (cheap) and unpruned (expensive) blocks balance themselves; results are written per
 * block and combined by the caller in block order, so the thread count never changes them.
 */
final class Parallel implements AutoCloseable {

    private final int threads;
    private final ExecutorService pool;

    Parallel(int threads) {
        this.threads = threads;
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, task -> {
            Thread t = new Thread(task, "needle-selection");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    int threads() {
        return threads;
    }

    void forEachBlock(int blocks, IntConsumer body) {
        if (pool == null || blocks <= 1) {
            for (int b = 0; b < blocks; b++) {
                body.accept(b);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                body.accept(b);
            }
        };
        int helpers = Math.min(threads - 1, blocks - 1);
        Future<?>[] running = new Future<?>[helpers];
        for (int t = 0; t < helpers; t++) {
            running[t] = pool.submit(worker);
        }
        worker.run();
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("selection was interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
