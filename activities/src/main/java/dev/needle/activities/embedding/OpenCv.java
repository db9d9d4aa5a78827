package dev.needle.activities.embedding;

import org.opencv.core.Core;

/** The one place that loads OpenCV's native library: call {@link #load()} before using any {@code org.opencv} class. */
public final class OpenCv {

    private static volatile boolean loaded;

    private OpenCv() {
    }

    /**
     * Loads the native library bundled in org.openpnp:opencv, once per JVM; safe to call from any thread, any number of
     * times.
     *
     * <p>
     * A JNI library can be bound to one class loader per JVM only, so the load must happen in the loader that owns
     * {@code org.opencv.*}: the web application makes org.openpnp:opencv parent-first, and {@code loadLocally()} is
     * itself idempotent within that loader, which keeps a Quarkus dev-mode reload of this class harmless.
     *
     * <p>
     * OpenCV's own thread pool is turned off: embedding parallelises over images in Java, and two pools of 2 cores
     * each competing for the same 2 cores only add contention. The setting is process-wide.
     */
    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (OpenCv.class) {
            if (!loaded) {
                nu.pattern.OpenCV.loadLocally();
                Core.setNumThreads(1);
                loaded = true;
            }
        }
    }
}
