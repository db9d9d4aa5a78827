package dev.needle.activities;

import dev.needle.workflows.Errors;

/**
 * A request the domain refuses for what exists rather than for how it is written: something it names is not there, or
 * the state does not allow it now. Typed by the workflows' {@link Errors}, so the web layer maps a domain refusal and a
 * workflow's refusal to the same HTTP status. Input that is wrong in itself is a {@link BadInputException}.
 */
public class RefusedException extends RuntimeException {

    private final Errors type;
    private final String field;
    private final String reason;

    private RefusedException(Errors type, String field, String reason) {
        super(field == null ? reason : field + ": " + reason);
        this.type = type;
        this.field = field;
        this.reason = reason;
    }

    public static RefusedException notFound(String field, String reason) {
        return new RefusedException(Errors.NOT_FOUND, field, reason);
    }

    public static RefusedException wrongState(String field, String reason) {
        return new RefusedException(Errors.WRONG_STATE, field, reason);
    }

    public Errors type() {
        return type;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
