package dev.needle.activities.prediction;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.needle.activities.formats.PredictedBox;
import dev.needle.activities.scoring.DetectionPrediction;

/**
 * An object detector's output on a dataset's images, as stored in the artifact store (kind {@value #KIND}): per
 * image its sample id, size and boxes in pixels. Classification outputs stay {@code SampleMatrix} probabilities; the
 * artifact kind tells the two apart.
 */
public record Detections(List<String> classes, List<Image> images) {

    public static final String KIND = "detections";

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Image(long sampleId, int width, int height, List<PredictedBox> boxes) {
    }

    public static boolean isDetections(String artifactId) {
        return artifactId != null && artifactId.startsWith(KIND + "/");
    }

    public void writeTo(OutputStream out) throws IOException {
        JSON.writeValue(out, this);
    }

    public static Detections readFrom(InputStream in) {
        try (in) {
            return JSON.readValue(in, Detections.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable detections artifact", e);
        }
    }

    public long[] sampleIds() {
        return images.stream().mapToLong(Image::sampleId).toArray();
    }

    /**
     * The scorer's view (DESIGN.md §5): boxes as {@code [x0, y0, x1, y1]} normalised by the image's size, labels as
     * indices of the project's classes. Boxes with class probabilities keep them, their confidence as the explicit
     * score; the others are (score, label) pairs.
     */
    public List<DetectionPrediction> forScoring() {
        List<DetectionPrediction> out = new ArrayList<>(images.size());
        for (Image image : images) {
            int n = image.boxes().size();
            double[][] boxes = new double[n][];
            double[] scores = new double[n];
            int[] labels = new int[n];
            double[][] probabilities = new double[n][];
            boolean allProbabilities = n > 0;
            for (int i = 0; i < n; i++) {
                PredictedBox b = image.boxes().get(i);
                boxes[i] = new double[] { b.x() / image.width(), b.y() / image.height(), (b.x() + b.width()) / image.width(),
                        (b.y() + b.height()) / image.height() };
                scores[i] = b.score();
                labels[i] = classes.indexOf(b.category());
                probabilities[i] = b.probabilities();
                allProbabilities &= b.probabilities() != null;
            }
            out.add(allProbabilities ? new DetectionPrediction(boxes, scores, probabilities, scores, null)
                    : DetectionPrediction.ofScores(boxes, scores, labels));
        }
        return out;
    }
}
