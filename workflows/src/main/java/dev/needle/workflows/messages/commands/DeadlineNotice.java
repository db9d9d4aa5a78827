package dev.needle.workflows.messages.commands;

import dev.needle.workflows.messages.values.DeadlinePolicy;

/**
 * Something the labeling deadline did: a reminder fell due, the deadline was extended, or it expired.
 *
 * @param fraction the reminder's fraction of the round's time; null for the other kinds
 * @param deadline epoch milliseconds of the (possibly extended) deadline
 */
public record DeadlineNotice(
        long iterationId,
        long projectId,
        int round,
        Kind kind,
        Double fraction,
        int labeled,
        int batchSize,
        long deadline,
        DeadlinePolicy policy) {

    public enum Kind {
        REMINDER,
        EXTENDED,
        EXPIRED
    }
}
