package dev.needle.activities.assignment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import dev.needle.activities.IdentifiedEntity;

/** How an iteration's batch is to be split, fixed when the iteration starts and applied once the batch exists. */
@Entity
@Table(name = "assignment_plan")
public class AssignmentPlan extends IdentifiedEntity {

    @Column(name = "iteration_id")
    public long iterationId;

    @Enumerated(EnumType.STRING)
    public AssignmentMode mode;

    /** One line per annotator: its name, or {@code name=capacity} in CAPACITY mode. */
    @Column(name = "annotators")
    String lines;

    public static AssignmentPlan of(long iterationId, AssignmentMode mode, Map<String, Integer> annotators) {
        AssignmentPlan plan = new AssignmentPlan();
        plan.iterationId = iterationId;
        plan.mode = mode;
        plan.lines = String.join("\n", annotators.entrySet().stream()
                .map(e -> mode == AssignmentMode.CAPACITY ? e.getKey() + "=" + e.getValue() : e.getKey()).toList());
        return plan;
    }

    /** Annotators in the order given, each with its capacity (1 in ROUND_ROBIN mode). */
    public LinkedHashMap<String, Integer> annotators() {
        LinkedHashMap<String, Integer> out = new LinkedHashMap<>();
        for (String line : List.of(lines.split("\n"))) {
            int eq = line.lastIndexOf('=');
            if (mode == AssignmentMode.CAPACITY && eq > 0)
                out.put(line.substring(0, eq), Integer.valueOf(line.substring(eq + 1)));
            else
                out.put(line, 1);
        }
        return out;
    }
}
