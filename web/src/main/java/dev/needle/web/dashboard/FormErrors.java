package dev.needle.web.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.needle.activities.BadInputException;
import dev.needle.web.problem.ProblemException;

/**
 * What a form shows next to its fields after the service refused it. The rules stay in the services; a page only maps
 * the refused field ({@code classes[2]}, {@code labels[0].fileName}) to the input that carries it.
 */
public final class FormErrors {

    private static final FormErrors NONE = new FormErrors(Map.of(), null);

    private final Map<String, String> fields;
    private final String general;

    private FormErrors(Map<String, String> fields, String general) {
        this.fields = fields;
        this.general = general;
    }

    public static FormErrors none() {
        return NONE;
    }

    public static FormErrors of(ProblemException e, String... inputs) {
        return of(e.field(), e.reason(), inputs);
    }

    public static FormErrors of(BadInputException e, String... inputs) {
        return of(e.field(), e.reason(), inputs);
    }

    /** A field the form has no input for (e.g. {@code project}: another round is running) is shown above the form. */
    public static FormErrors of(String field, String reason, String... inputs) {
        String input = field == null ? null : field.replaceAll("[\\[.].*$", "");
        for (String candidate : inputs) {
            if (candidate.equals(input)) {
                Map<String, String> one = new LinkedHashMap<>();
                one.put(input, reason);
                return new FormErrors(one, null);
            }
        }
        return new FormErrors(Map.of(), reason);
    }

    /** The message for one input, or null. */
    public String get(String input) {
        return fields.get(input);
    }

    public boolean has(String input) {
        return fields.containsKey(input);
    }

    /** The message that belongs to no input, or null. */
    public String getGeneral() {
        return general;
    }

    public boolean isEmpty() {
        return fields.isEmpty() && general == null;
    }
}
