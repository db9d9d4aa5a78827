package dev.needle.workflows.scoring;

import dev.needle.workflows.messages.commands.ScorePredictions;
import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface ScoringActivities {

  /** Per-image uncertainty scores of the predictions; returns the scores artifact id. */
  String score(ScorePredictions command);
}
