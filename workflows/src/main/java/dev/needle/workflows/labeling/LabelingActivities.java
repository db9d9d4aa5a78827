package dev.needle.workflows.labeling;

import java.util.List;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.RecordLabels;
import dev.needle.workflows.messages.commands.RecordStoredLabels;
import dev.needle.workflows.messages.commands.RemoveLabels;
import dev.needle.workflows.messages.queries.LabelsAccepted;

@ActivityInterface
public interface LabelingActivities {

    /**
     * Stores labels durably. Idempotent: a label already stored with the same class is counted as unchanged. The
     * answer's {@code labeledInBatch} is the database's count of the batch's labeled images after the write (-1 from
     * activities older than that, in recorded histories).
     */
    LabelsAccepted record(RecordLabels command);

    /** {@link #record} for a stored submission, read from its artifact; checked against the batch again first. */
    LabelsAccepted recordStored(RecordStoredLabels command);

    /** Deletes the iteration's labels from the command's source; returns their images. Deleting twice is harmless. */
    List<String> remove(RemoveLabels command);
}
