package dev.needle.activities;

/**
 * Input that can never succeed, however often it is retried. Carries the offending field so the web layer can
 * answer with a problem+json naming it, and activities can turn it into a non-retryable failure.
 */
public class BadInputException extends IllegalArgumentException {

    private final String field;

    public BadInputException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The reason alone, without the field prefix. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
