package dev.needle.activities.scoring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.needle.activities.BadInputException;
import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.activities.prediction.Detections;
import dev.needle.workflows.messages.commands.ScorePredictions;
import dev.needle.workflows.scoring.ScoringActivities;

@ApplicationScoped
public class ScoringActivitiesImpl implements ScoringActivities {

    @Inject
    ArtifactStore artifacts;

    @Override
    public String score(ScorePredictions command) {
        if (Detections.isDetections(command.predictionsArtifact()))
            return scoreDetections(command);
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

    /** One score per image of a detector's output; the scorer is one of {@link DetectionScorer#NAMES}. */
    private String scoreDetections(ScorePredictions command) {
        Detections detections = Detections.readFrom(artifacts.open(command.predictionsArtifact()));
        double[] scores = DetectionScorer.scoreAll(detections.forScoring(), null).get(command.scorer());
        if (scores == null)
            throw new BadInputException("scorer",
                    command.scorer() + " is not a detection score; one of " + DetectionScorer.NAMES);
        float[] values = new float[scores.length];
        for (int i = 0; i < scores.length; i++)
            values[i] = (float) scores[i];
        SampleMatrix matrix = new SampleMatrix(detections.sampleIds(), 1, values);
        return artifacts.write("scores", matrix::writeTo);
    }
}
