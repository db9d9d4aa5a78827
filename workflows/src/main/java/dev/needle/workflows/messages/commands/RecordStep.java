package dev.needle.workflows.messages.commands;

import dev.needle.workflows.messages.values.Step;
import dev.needle.workflows.messages.values.StepOutputs;

/**
 * The iteration reached {@code step}; {@code outputs} are what the earlier steps produced (artifact ids, model
 * version, ...), recorded so a restarted Needle can resume from here.
 */
public record RecordStep(long iterationId, Step step, StepOutputs outputs) {
}
