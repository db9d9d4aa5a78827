package dev.needle.web.assignment;

import java.util.LinkedHashMap;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * How to split an iteration's batch. Annotators are named as their column holds them (200 characters); whether they
 * are known is the domain's check.
 *
 * @param mode {@code ROUND_ROBIN} (default) or {@code CAPACITY}
 * @param annotators round-robin: who shares the batch, in this order; default every known annotator
 * @param capacity capacity mode: how many items each annotator can take, at least 1; the batch is split in proportion,
 *        and the capacities must add up to at least the batch size
 */
public record AssignmentRequest(
        @Size(max = 12) String mode,
        List<@NotBlank @Size(max = 200) String> annotators,
        LinkedHashMap<@NotBlank @Size(max = 200) String, @NotNull(message = "must be at least 1") @Positive(message = "must be at least 1") Integer> capacity) {
}
