package dev.needle.workflows.labeling;

import dev.needle.workflows.messages.commands.RecordLabels;
import dev.needle.workflows.messages.queries.LabelsAccepted;
import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface LabelingActivities {

  /** Stores labels durably. Idempotent: a label already stored with the same class is counted as unchanged. */
  LabelsAccepted record(RecordLabels command);
}
