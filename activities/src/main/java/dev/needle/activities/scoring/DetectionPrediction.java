package dev.needle.activities.scoring;

/**
 * One image's detections, in either of Lightly's two shapes:
 *
 * <ul>
 * <li>{@code objectProbabilities} + {@code classProbabilities} (one row per box), {@code scores} optional and
 * {@code labels} null: a box scores objectness × max class probability unless scores are given, and its
 * label is the index of the first maximum class probability;
 * <li>{@code scores} + {@code labels}, both probability arrays null: class probabilities are then built per box
 * as Lightly's {@code ObjectDetectionOutput.from_scores} does.
 * </ul>
 *
 * Boxes are {@code [x0, y0, x1, y1]} normalised to [0, 1]. An image without boxes has an empty {@code boxes} and
 * empty or null arrays. Validation happens in {@link DetectionScorer}, where the image's index is known.
 */
public record DetectionPrediction(double[][] boxes, double[] objectProbabilities, double[][] classProbabilities,
        double[] scores, int[] labels) {

    /** Boxes with objectness and class probabilities; box scores are derived from them. */
    public static DetectionPrediction ofProbabilities(double[][] boxes, double[] objectProbabilities,
            double[][] classProbabilities) {
        return new DetectionPrediction(boxes, objectProbabilities, classProbabilities, null, null);
    }

    /** Boxes with a confidence score and a label each. */
    public static DetectionPrediction ofScores(double[][] boxes, double[] scores, int[] labels) {
        return new DetectionPrediction(boxes, null, null, scores, labels);
    }

    /** An image in which the model found nothing. */
    public static DetectionPrediction empty() {
        return new DetectionPrediction(new double[0][], null, null, null, null);
    }
}
