package dev.needle.workflows.selection;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.QueryBatch;
import dev.needle.workflows.messages.values.QueriedBatch;

@ActivityInterface
public interface SelectionActivities {

    /**
     * Chooses and records the batch. Idempotent: if this iteration's batch is already recorded, returns it unchanged,
     * so a retry or a resumed iteration never selects twice.
     */
    QueriedBatch query(QueryBatch command);
}
