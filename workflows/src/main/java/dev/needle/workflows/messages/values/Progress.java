package dev.needle.workflows.messages.values;

/**
 * How far a long step is: items done of total. Long activities send it as their heartbeat detail, so a watcher reads
 * it from Temporal without the activity writing to the database.
 */
public record Progress(long done, long total) {
}
