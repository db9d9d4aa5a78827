package dev.needle.activities.scoring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.workflows.messages.commands.ScorePredictions;
import dev.needle.workflows.scoring.ScoringActivities;

@ApplicationScoped
public class ScoringActivitiesImpl implements ScoringActivities {

    @Inject
    ArtifactStore artifacts;

    @Override
    public String score(ScorePredictions command) {
        SampleMatrix predictions = SampleMatrix.readFrom(artifacts.open(command.predictionsArtifact()));
        // Float32 probabilities can sum to 1 ± 1e-7 per row; the scorer tolerates that rounding.
        double[] scores = ClassificationScorer.score(
                command.scorer(), predictions.values(), predictions.rows(), predictions.columns(), true);
        float[] values = new float[scores.length];
        for (int i = 0; i < scores.length; i++)
            values[i] = (float) scores[i];
        SampleMatrix matrix = new SampleMatrix(predictions.sampleIds(), 1, values);
        return artifacts.write("scores", matrix::writeTo);
    }
}
