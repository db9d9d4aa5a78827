package dev.needle.web.dashboard;

import java.time.Duration;

/** Durations as people read them on a page: {@code 45 s}, {@code 3 min 20 s}, {@code 2 h 5 min}, {@code 3 d 4 h}. */
public final class Durations {

    private Durations() {
    }

    public static String text(Duration d) {
        if (d == null)
            return "";
        long s = Math.max(0, d.toSeconds());
        if (s < 60)
            return s + " s";
        if (s < 3600)
            return (s / 60) + " min " + (s % 60) + " s";
        if (s < 86_400)
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        return (s / 86_400) + " d " + (s % 86_400 / 3600) + " h";
    }

    public static String seconds(Long seconds) {
        return seconds == null ? "" : text(Duration.ofSeconds(seconds));
    }
}
