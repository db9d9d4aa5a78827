package dev.needle.eval;

import java.time.Duration;

/** Sleeps for polling loops; an interrupt ends the evaluation rather than being swallowed. */
final class Pause {

    private Pause() {
    }

    static void of(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
