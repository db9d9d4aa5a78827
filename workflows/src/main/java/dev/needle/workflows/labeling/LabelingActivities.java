package dev.needle.workflows.labeling;

import java.util.List;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.RecordLabels;
import dev.needle.workflows.messages.commands.RemoveLabels;
import dev.needle.workflows.messages.queries.LabelsAccepted;

@ActivityInterface
public interface LabelingActivities {

    /** Stores labels durably. Idempotent: a label already stored with the same class is counted as unchanged. */
    LabelsAccepted record(RecordLabels command);

    /** Deletes the iteration's labels from the command's source; returns their images. Deleting twice is harmless. */
    List<String> remove(RemoveLabels command);
}
