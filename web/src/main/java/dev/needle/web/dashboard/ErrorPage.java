package dev.needle.web.dashboard;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import dev.needle.activities.RefusedException;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.problem.WorkflowProblems;

/**
 * A refused page request as a page: people following a stale link to a project or round get words and a way back,
 * not the API's problem+json. Page classes map {@link ProblemException} and the domain's {@link RefusedException} here with a
 * class-local mapper.
 */
public final class ErrorPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(int status, String message);
    }

    private ErrorPage() {
    }

    public static Response of(ProblemException e) {
        return Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error(e.status(), e.reason())).build();
    }

    public static Response of(RefusedException e) {
        return of(WorkflowProblems.of(e));
    }
}
