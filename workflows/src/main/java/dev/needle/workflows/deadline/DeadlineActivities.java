package dev.needle.workflows.deadline;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.DeadlineNotice;

/** The labeling deadline's side effects: its record on the iteration, and the message people receive. */
@ActivityInterface
public interface DeadlineActivities {

    /**
     * Records the notice as an iteration event and its effect on the row (a moved deadline, an expiry). Returns false
     * when the same notice was recorded before (a resumed round re-living its timers), so it is not sent twice.
     */
    boolean recordNotice(DeadlineNotice notice);

    /** POSTs the notice to the configured notification webhook; does nothing when none is configured. */
    void sendNotice(DeadlineNotice notice);
}
