package dev.needle.web.dashboard.iterations;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import dev.needle.web.iteration.StartIteration;
import dev.needle.web.problem.ProblemException;

/**
 * The start form as typed. Only turning text into numbers and durations happens here; every rule about the values is
 * {@link dev.needle.web.iteration.IterationStarts#validate}'s.
 */
public record IterationForm(String strategy, String batchSize, String scorer, String seed, String deadline,
        String trainer) {

    /** A field the browser did not send is an empty field: the form shows it back as such. */
    public IterationForm {
        strategy = strategy == null ? "" : strategy;
        batchSize = batchSize == null ? "" : batchSize;
        scorer = scorer == null ? "" : scorer;
        seed = seed == null ? "" : seed;
        deadline = deadline == null ? "" : deadline;
        trainer = trainer == null ? "" : trainer;
    }

    static final String[] INPUTS = { "strategy", "batchSize", "scorer", "seed", "deadline", "trainer" };

    static IterationForm defaults(String scorer) {
        return new IterationForm("CORAL", "100", scorer, "0", "P2D", "");
    }

    StartIteration request() {
        return new StartIteration(blankToNull(strategy), integer("batchSize", batchSize), longValue("seed", seed),
                blankToNull(scorer), duration("deadline", deadline), null, null, null, null, null,
                blankToNull(trainer), null, null, null, null, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Integer integer(String field, String s) {
        if (blankToNull(s) == null)
            return null;
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(field, "must be a whole number");
        }
    }

    private static Long longValue(String field, String s) {
        if (blankToNull(s) == null)
            return null;
        try {
            return Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(field, "must be a whole number");
        }
    }

    private static Duration duration(String field, String s) {
        if (blankToNull(s) == null)
            return null;
        try {
            return Duration.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, "must be an ISO-8601 duration such as P2D or PT12H");
        }
    }
}
