package dev.needle.workflows.messages.commands;

import dev.needle.workflows.messages.values.IterationStatus;

/** A campaign's round ended: its iteration's outcome and metric (null without eval images). */
public record RecordRound(long campaignId, int round, IterationStatus status, Double accuracy) {
}
