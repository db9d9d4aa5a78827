package dev.needle.workflows.labeling;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.RecordLabels;
import dev.needle.workflows.messages.queries.LabelsAccepted;

@ActivityInterface
public interface LabelingActivities {

    /** Stores labels durably. Idempotent: a label already stored with the same class is counted as unchanged. */
    LabelsAccepted record(RecordLabels command);
}
