package dev.needle.web.iteration;

import java.util.List;

import dev.needle.workflows.messages.values.LabelEntry;

/** Labels as JSON; the same can be sent as CSV {@code file_name,label}. */
public record SubmittedLabels(List<LabelEntry> labels) {
}
