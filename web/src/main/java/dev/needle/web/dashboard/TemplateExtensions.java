package dev.needle.web.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** Small helpers the dashboard's templates share. */
@TemplateExtension
public class TemplateExtensions {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** A value as a query parameter: file names may hold spaces, {@code &}, {@code #} or {@code +}. */
    static String urlEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A metric with a fixed number of decimals, e.g. an accuracy of {@code 0.812}. */
    static String decimals(Double value, int digits) {
        return value == null ? "" : String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    /** A moment of today's work, {@code 22:13:59} (UTC, as the server records it). */
    static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    /** A moment further off, {@code 2026-12-03 22:14 UTC}. */
    static String dateTime(Instant at) {
        return at == null ? "" : DATE_TIME.format(at);
    }
}
