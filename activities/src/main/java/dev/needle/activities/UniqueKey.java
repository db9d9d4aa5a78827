package dev.needle.activities;

import java.util.function.Supplier;

import org.hibernate.exception.ConstraintViolationException;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Tells a unique key's refusal from every other database failure. Only the former means a concurrent writer got there
 * first (two starts of the same round, say); anything else is a fault to report as one, not a race.
 */
public final class UniqueKey {

    /** The SQL state of a unique violation, for a dialect that does not say which kind of constraint failed. */
    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueKey() {
    }

    /**
     * Runs {@code write} in a transaction of its own. If a unique key refuses it (at flush or commit), the refusal
     * {@code race} names is thrown instead; every other failure is thrown as it is.
     */
    public static <T> T writeOrRefuse(Supplier<T> write, Supplier<RefusedException> race) {
        try {
            return QuarkusTransaction.requiringNew().call(write::get);
        } catch (RuntimeException e) {
            if (!violatedBy(e))
                throw e;
            throw race.get();
        }
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
