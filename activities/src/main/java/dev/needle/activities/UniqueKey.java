package dev.needle.activities;

import org.hibernate.exception.ConstraintViolationException;

/**
 * Tells a unique key's refusal from every other database failure. Only the former means a concurrent writer got there
 * first (two starts of the same round, say); anything else is a fault to report as one, not a race.
 */
public final class UniqueKey {

    /** The SQL state of a unique violation, for a dialect that does not say which kind of constraint failed. */
    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueKey() {
    }

    public static boolean violatedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation)
                return violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE
                        || UNIQUE_VIOLATION.equals(violation.getSQLState());
        }
        return false;
    }
}
