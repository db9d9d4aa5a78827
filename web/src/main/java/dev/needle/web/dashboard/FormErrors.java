package dev.needle.web.dashboard;

/**
 * Which input of a page's form a service's refusal sits beside. The rules and their wording stay in the services
 * ({@link FormProblem} reads a refusal); a page only names its inputs, and a refused field such as {@code classes[2]}
 * or {@code labels[0].fileName} belongs to the input that carries it.
 */
public final class FormErrors {

    private static final FormErrors NONE = new FormErrors(null, null);

    private final FormProblem problem;
    /** The input the problem is about; null when it is about none of them (shown above the form). */
    private final String input;

    private FormErrors(FormProblem problem, String input) {
        this.problem = problem;
        this.input = input;
    }

    public static FormErrors none() {
        return NONE;
    }

    /** @param refusal a refusal {@link FormProblem#of(RuntimeException)} reads; anything else is rethrown */
    public static FormErrors of(RuntimeException refusal, String... inputs) {
        FormProblem problem = FormProblem.of(refusal);
        for (String candidate : inputs) {
            if (problem.isAbout(candidate))
                return new FormErrors(problem, candidate);
        }
        return new FormErrors(problem, null);
    }

    /** The message for one input, or null. */
    public String get(String input) {
        return has(input) ? problem.reason() : null;
    }

    public boolean has(String input) {
        return input.equals(this.input);
    }

    /** The message that belongs to no input, or null. */
    public String getGeneral() {
        return problem != null && input == null ? problem.reason() : null;
    }

    /** The status the refusal answers with; only when there is one. */
    public int status() {
        return problem.status();
    }

    public boolean isEmpty() {
        return problem == null;
    }
}
