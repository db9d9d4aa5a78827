package dev.needle.workflows;

import java.util.Optional;

import io.temporal.failure.ApplicationFailure;

/**
 * Failure types Needle raises from workflows and activities. The type travels with an {@link ApplicationFailure}, and
 * the field it concerns as its one detail, so a caller tells a user's mistake from a transient fault, and names the
 * field, without parsing messages.
 */
public enum Errors {
    /** The request can never succeed as given (unknown class, batch larger than the pool, ...). Not retried. */
    BAD_INPUT,
    /** Something the request names does not exist (project, dataset, sample, artifact). Not retried. */
    NOT_FOUND,
    /** The iteration is not in a state that accepts this message (e.g. labels before the batch is chosen). */
    WRONG_STATE;

    /**
     * A non-retryable failure of this type.
     *
     * @param field the request field it concerns, or null when it concerns the request as a whole
     * @param reason what a person reads
     */
    public ApplicationFailure failure(String field, String reason) {
        return ApplicationFailure.newNonRetryableFailure(reason, name(), field);
    }

    /**
     * The same refusal for an update validator to throw. Temporal's Java SDK 1.38 serializes an {@link ApplicationFailure}
     * thrown by a validator twice, which loses its type and details (temporalio/sdk-java#2875, fixed after 1.38.0); any
     * other exception keeps its class name as the failure's type and its message. So validators throw this, and
     * {@link #find} reads it back the same as a failure.
     */
    public Refusal refusal(String field, String reason) {
        return new Refusal(name() + SEPARATOR + (field == null ? "" : field) + SEPARATOR + reason);
    }

    private static final String SEPARATOR = "\u001f";

    /** The typed failure in a Temporal failure chain (an update's, an activity's, a child workflow's), if any. */
    public static Optional<TypedFailure> find(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (!(cause instanceof ApplicationFailure app))
                continue;
            if (Refusal.class.getName().equals(app.getType())) {
                String[] parts = app.getOriginalMessage().split(SEPARATOR, 3);
                return Optional.of(new TypedFailure(valueOf(parts[0]), parts[1].isEmpty() ? null : parts[1], parts[2]));
            }
            for (Errors type : values()) {
                if (type.name().equals(app.getType())) {
                    String field = app.getDetails().getSize() == 0 ? null : app.getDetails().get(String.class);
                    return Optional.of(new TypedFailure(type, field, app.getOriginalMessage()));
                }
            }
        }
        return Optional.empty();
    }

    /** See {@link #refusal}: its type and field travel in its message, read back by {@link #find}. */
    public static final class Refusal extends RuntimeException {
        private Refusal(String encoded) {
            super(encoded, null, false, false);
        }
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

    /** A failure of one of Needle's types, read back from the chain: its type, field (may be null) and reason. */
    public record TypedFailure(Errors type, String field, String reason) {
    }
}
