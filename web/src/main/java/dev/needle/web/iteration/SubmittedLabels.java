package dev.needle.web.iteration;

import dev.needle.workflows.messages.values.LabelEntry;
import java.util.List;

/** Labels as JSON; the same can be sent as CSV {@code file_name,label}. */
public record SubmittedLabels(List<LabelEntry> labels) {}
