package dev.needle.activities.formats;

import java.util.List;

/**
 * A model's output for one image: class probabilities in the project's class order (classification), or the boxes
 * it found, possibly none (object detection).
 */
public record ImagePrediction(ImageRef image, double[] probabilities, List<PredictedBox> boxes) {
}
