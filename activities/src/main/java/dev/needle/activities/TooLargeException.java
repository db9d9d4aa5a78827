package dev.needle.activities;

import java.util.Locale;

/**
 * An upload larger than its limit: refused while it streams in (an HTTP 413 naming the limit), so a huge body never
 * fills the disk or the heap.
 */
public class TooLargeException extends RuntimeException {

    private final String field;
    private final long limitBytes;

    public TooLargeException(String field, long limitBytes) {
        super(field + ": larger than the limit of " + describe(limitBytes), null, false, false);
        this.field = field;
        this.limitBytes = limitBytes;
    }

    public String field() {
        return field;
    }

    public long limitBytes() {
        return limitBytes;
    }

    /** The reason alone, without the field. */
    public String reason() {
        return "larger than the limit of " + describe(limitBytes);
    }

    private static String describe(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%d MB (%d bytes)", bytes >> 20, bytes) : bytes + " bytes";
    }
}
