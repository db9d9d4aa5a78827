package dev.needle.activities.formats;

/**
 * One detected object: class, box in pixels (top-left corner and size, as COCO and Lightly give it), confidence, and
 * the class probabilities when the model gave them (in the project's class order), else null.
 */
public record PredictedBox(String category, double x, double y, double width, double height, double score,
        double[] probabilities) {
}
