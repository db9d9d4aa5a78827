package dev.needle.workflows.messages.values;

/**
 * What the budget granted a batch: {@code granted} images (0 = refused). {@code reason} says why fewer than asked were
 * granted, and is null when the whole batch fits or no budget is set.
 */
public record Reservation(int granted, String reason) {

    public boolean refused() {
        return granted == 0;
    }
}
