package dev.needle.activities.labeling;

import dev.needle.activities.TooLargeException;

/** A label submission over a limit of {@link LabelUploadConfig}: a 413 whose reason names the setting to raise. */
public class LabelUploadTooLarge extends TooLargeException {

    public static final String MAX_UPLOAD_SIZE = "needle.labels.max-upload-size";
    public static final String MAX_ENTRIES = "needle.labels.max-entries";

    private final String reason;

    private LabelUploadTooLarge(long limit, String reason) {
        super("labels", limit);
        this.reason = reason;
    }

    /** A body longer than {@code needle.labels.max-upload-size}. */
    public static LabelUploadTooLarge bytes(long limit) {
        TooLargeException plain = new TooLargeException("labels", limit);
        return new LabelUploadTooLarge(limit, plain.reason() + ", set by " + MAX_UPLOAD_SIZE);
    }

    /** More labels than {@code needle.labels.max-entries}. */
    public static LabelUploadTooLarge entries(int limit) {
        return new LabelUploadTooLarge(limit,
                "more than " + limit + " labels in one submission, the limit set by " + MAX_ENTRIES);
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return field() + ": " + reason;
    }
}
