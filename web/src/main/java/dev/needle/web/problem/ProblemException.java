package dev.needle.web.problem;

/** Ends a request with a problem+json answer. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String field;
    private final String reason;

    public ProblemException(int status, String field, String reason) {
        super(field == null ? reason : field + ": " + reason);
        this.status = status;
        this.field = field;
        this.reason = reason;
    }

    public static ProblemException notFound(String field, String reason) {
        return new ProblemException(404, field, reason);
    }

    public static ProblemException badRequest(String field, String reason) {
        return new ProblemException(400, field, reason);
    }

    public static ProblemException conflict(String field, String reason) {
        return new ProblemException(409, field, reason);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
