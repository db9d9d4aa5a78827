package dev.needle.web.assignment;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.needle.activities.assignment.AssignmentMode;
import dev.needle.web.problem.ProblemException;

/** Checks a start's assignment request against the annotator directory and turns it into a plan. */
@ApplicationScoped
public class AssignmentPlans {

    @Inject
    AnnotatorDirectory directory;

    public record Resolved(AssignmentMode mode, Map<String, Integer> annotators) {
    }

    public Resolved resolve(AssignmentRequest request, int batchSize) {
        AssignmentMode mode = mode(request);
        LinkedHashMap<String, Integer> annotators = new LinkedHashMap<>();
        if (mode == AssignmentMode.CAPACITY) {
            if (request.capacity() == null || request.capacity().isEmpty())
                throw ProblemException.badRequest("assignment.capacity", "capacity mode needs {annotator: items}");
            long total = 0;
            for (Map.Entry<String, Integer> e : request.capacity().entrySet()) {
                requireKnown("assignment.capacity." + e.getKey(), e.getKey());
                if (e.getValue() == null || e.getValue() < 1)
                    throw ProblemException.badRequest("assignment.capacity." + e.getKey(), "must be at least 1");
                total += e.getValue();
                annotators.put(e.getKey(), e.getValue());
            }
            if (total < batchSize) {
                throw ProblemException.badRequest("assignment.capacity",
                        "the capacities add up to " + total + ", fewer than the batch of " + batchSize);
            }
            return new Resolved(mode, annotators);
        }
        List<String> names = request == null || request.annotators() == null || request.annotators().isEmpty()
                ? directory.annotators()
                : request.annotators();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String field = "assignment.annotators[" + i + "]";
            requireKnown(field, names.get(i));
            if (!seen.add(names.get(i)))
                throw ProblemException.badRequest(field, names.get(i) + " is listed twice");
            annotators.put(names.get(i), 1);
        }
        return new Resolved(mode, annotators);
    }

    public void requireKnown(String field, String name) {
        if (name == null || !directory.knows(name)) {
            throw ProblemException.badRequest(field,
                    "unknown annotator " + name + "; known annotators: " + directory.annotators());
        }
    }

    private static AssignmentMode mode(AssignmentRequest request) {
        if (request == null || request.mode() == null)
            return request != null && request.capacity() != null ? AssignmentMode.CAPACITY : AssignmentMode.ROUND_ROBIN;
        try {
            return AssignmentMode.valueOf(request.mode().strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("assignment.mode", "unknown mode " + request.mode()
                    + "; one of ROUND_ROBIN, CAPACITY");
        }
    }
}
