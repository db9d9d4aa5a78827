package dev.needle.activities.imports;

import java.util.Locale;

import dev.needle.activities.TooLargeException;

/** An uploaded file larger than {@code needle.imports.max-upload-size}: the 413 names the setting to raise. */
public class UploadTooLarge extends TooLargeException {

    public static final String SETTING = "needle.imports.max-upload-size";

    public UploadTooLarge(String field, long limitBytes) {
        super(field, limitBytes);
    }

    @Override
    public String reason() {
        long bytes = limitBytes();
        String size = bytes >= 1 << 20 ? String.format(Locale.ROOT, "%d MB", bytes >> 20) : bytes + " bytes";
        return "larger than " + SETTING + " (" + size + ", " + bytes + " bytes)";
    }

    @Override
    public String getMessage() {
        return field() + ": " + reason();
    }
}
