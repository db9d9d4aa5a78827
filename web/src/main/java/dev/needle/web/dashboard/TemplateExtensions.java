package dev.needle.web.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** Small helpers the dashboard's templates share. */
@TemplateExtension
public class TemplateExtensions {

    /** A value as a query parameter: file names may hold spaces, {@code &}, {@code #} or {@code +}. */
    static String urlEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A metric with a fixed number of decimals, e.g. an accuracy of {@code 0.812}. */
    static String decimals(Double value, int digits) {
        return value == null ? "" : String.format(Locale.ROOT, "%." + digits + "f", value);
    }
}
