package dev.needle.web.iteration;

import jakarta.validation.constraints.Size;

/** @param reason why, at most 1000 characters: it is recorded with who cancelled in the iteration's status and events */
public record CancelRequest(@Size(max = 1000) String reason) {
}
