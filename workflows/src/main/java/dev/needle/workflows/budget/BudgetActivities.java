package dev.needle.workflows.budget;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.ReserveBudget;
import dev.needle.workflows.messages.values.Reservation;

/**
 * The query step's claim on the project's labeling budget. Spending (as labels are accepted) and releasing (when the
 * round ends) happen inside the labeling and iteration activities' own transactions, so they cannot drift apart from
 * the labels and the round they account for.
 */
@ActivityInterface
public interface BudgetActivities {

    /**
     * Reserves batch size × cost per label, or as much of the batch as the budget pays for when the project shrinks
     * batches, or nothing (granted 0) when it refuses them. Idempotent: a retry returns the recorded reservation.
     */
    Reservation reserve(ReserveBudget command);
}
