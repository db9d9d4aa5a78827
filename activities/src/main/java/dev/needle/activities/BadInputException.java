package dev.needle.activities;

/**
 * Input that can never succeed, however often it is retried. Carries the offending field so the web layer can
 * answer with a problem+json naming it, and activities can turn it into a non-retryable failure.
 */
public class BadInputException extends IllegalArgumentException {

    private final String field;
    private final String reason;

    public BadInputException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    /** The reason alone, without the field prefix (kept apart: subclasses prefix the message with more). */
    public String reason() {
        return reason;
    }
}
