package dev.needle.web.assignment;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * How to split an iteration's batch.
 *
 * @param mode {@code ROUND_ROBIN} (default) or {@code CAPACITY}
 * @param annotators round-robin: who shares the batch, in this order; default every known annotator
 * @param capacity capacity mode: how many items each annotator can take; the batch is split in proportion, and the
 *        capacities must add up to at least the batch size
 */
public record AssignmentRequest(String mode, List<String> annotators, LinkedHashMap<String, Integer> capacity) {
}
