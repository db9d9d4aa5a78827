package dev.needle.workflows.scoring;

import io.temporal.activity.ActivityInterface;

import dev.needle.workflows.messages.commands.ScorePredictions;

@ActivityInterface
public interface ScoringActivities {

    /** Per-image uncertainty scores of the predictions; returns the scores artifact id. */
    String score(ScorePredictions command);
}
