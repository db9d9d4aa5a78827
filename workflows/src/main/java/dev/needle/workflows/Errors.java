package dev.needle.workflows;

import io.temporal.failure.ApplicationFailure;

/**
 * Failure types Needle raises from workflows and activities. The type travels with an {@link ApplicationFailure} so
 * callers can tell a user's mistake from a transient fault without parsing messages.
 */
public enum Errors {
    /** The request can never succeed as given (unknown class, batch larger than the pool, ...). Not retried. */
    BAD_INPUT,
    /** Something the request names does not exist (project, dataset, sample, artifact). Not retried. */
    NOT_FOUND,
    /** The iteration is not in a state that accepts this message (e.g. labels before the batch is chosen). */
    WRONG_STATE;

    public ApplicationFailure failure(String message) {
        return ApplicationFailure.newNonRetryableFailure(message, name());
    }

    /**
     * The message a person should read from a Temporal failure chain: the innermost cause's, without the wrapping
     * that activity and update failures add.
     */
    public static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null)
            cause = cause.getCause();
        return cause instanceof ApplicationFailure app ? app.getOriginalMessage() : String.valueOf(cause.getMessage());
    }
}
