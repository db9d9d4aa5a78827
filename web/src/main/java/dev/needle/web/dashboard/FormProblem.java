package dev.needle.web.dashboard;

import dev.needle.activities.BadInputException;
import dev.needle.activities.RefusedException;
import dev.needle.activities.formats.FormatException;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.problem.WorkflowProblems;

/**
 * A service's refusal, for a page to show beside the form that caused it: the same field and reason the API's
 * problem+json carries, so pages and API never word a rule twice.
 */
public record FormProblem(int status, String file, String field, String reason) {

    public static FormProblem of(ProblemException e) {
        return new FormProblem(e.status(), null, e.field(), e.reason());
    }

    public static FormProblem of(BadInputException e) {
        String file = e instanceof FormatException format ? format.file() : null;
        return new FormProblem(400, file, e.field(), e.reason());
    }

    public static FormProblem of(RefusedException e) {
        return of(WorkflowProblems.of(e));
    }

    /** Any of the three; anything else is not a refusal of the input and is left to the error mappers. */
    public static FormProblem of(RuntimeException e) {
        if (e instanceof ProblemException p)
            return of(p);
        if (e instanceof BadInputException b)
            return of(b);
        if (e instanceof RefusedException r)
            return of(r);
        throw e;
    }

    /** A bad field is named; a problem with the whole request is its reason alone. */
    public String message() {
        return (file == null ? "" : file + ": ") + (field == null ? reason : field + ": " + reason);
    }

    /** Whether the problem is about this form input: {@code classes[2]} and {@code labels[0].fileName} are too. */
    public boolean isAbout(String input) {
        return field != null && input.equals(field.replaceAll("[\\[.].*$", ""));
    }
}
