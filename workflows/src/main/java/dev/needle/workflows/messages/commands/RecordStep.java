package dev.needle.workflows.messages.commands;

import java.util.Map;

import dev.needle.workflows.messages.values.Step;

/**
 * The iteration reached {@code step}; {@code outputs} are the references the previous step produced (artifact ids,
 * model version, ...), recorded so a restarted Needle can resume from here.
 */
public record RecordStep(long iterationId, Step step, Map<String, String> outputs) {
}
