package dev.needle.web.problem;

import io.temporal.client.WorkflowException;

import dev.needle.workflows.Errors;
import dev.needle.workflows.Errors.TypedFailure;

/**
 * The one place a workflow's refusal (a failure typed by {@link Errors}, e.g. from an update's validator) becomes an
 * HTTP problem: bad input is a 400 naming its field, something missing a 404, a message the iteration cannot take in
 * its state a 409.
 */
public final class WorkflowProblems {

    private WorkflowProblems() {
    }

    public static ProblemException of(WorkflowException refused) {
        TypedFailure failure = Errors.find(refused).orElse(null);
        if (failure == null)
            return ProblemException.conflict("iteration", Errors.rootMessage(refused));
        return switch (failure.type()) {
            case BAD_INPUT -> ProblemException.badRequest(failure.field(), failure.reason());
            case NOT_FOUND -> ProblemException.notFound(failure.field(), failure.reason());
            case WRONG_STATE -> ProblemException.conflict(failure.field() == null ? "iteration" : failure.field(),
                    failure.reason());
        };
    }
}
