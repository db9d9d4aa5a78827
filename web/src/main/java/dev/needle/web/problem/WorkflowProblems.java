package dev.needle.web.problem;

import io.temporal.client.WorkflowException;

import dev.needle.activities.RefusedException;
import dev.needle.workflows.Errors;
import dev.needle.workflows.Errors.TypedFailure;

/**
 * The one place a workflow's refusal (a failure typed by {@link Errors}, e.g. from an update's validator) becomes an
 * HTTP problem: bad input is a 400 naming its field, something missing a 404, a message the iteration cannot take in
 * its state a 409. The domain's {@link RefusedException} is typed the same and read here too.
 */
public final class WorkflowProblems {

    private WorkflowProblems() {
    }

    public static ProblemException of(WorkflowException refused) {
        TypedFailure failure = Errors.find(refused).orElse(null);
        if (failure == null)
            return ProblemException.conflict("iteration", Errors.rootMessage(refused));
        return of(failure.type(), failure.field() == null && failure.type() == Errors.WRONG_STATE ? "iteration"
                : failure.field(), failure.reason());
    }

    /** The domain's refusals carry the same types as the workflows', so they read the same way. */
    public static ProblemException of(RefusedException refused) {
        return of(refused.type(), refused.field(), refused.reason());
    }

    private static ProblemException of(Errors type, String field, String reason) {
        return switch (type) {
            case BAD_INPUT -> ProblemException.badRequest(field, reason);
            case NOT_FOUND -> ProblemException.notFound(field, reason);
            case WRONG_STATE -> ProblemException.conflict(field, reason);
        };
    }
}
