package dev.needle.activities.model;

import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import dev.needle.activities.embedding.EncodedImage;
import dev.needle.activities.embedding.UnreadableImageException;

/**
 * An image as a network's input, the way a model card's input describes it: decoded grey or colour (at a reduced
 * scale when the input is much smaller than the file), resized to width × height, scaled to [0, 1], then normalised
 * per channel by the mean and std, laid out channel by channel (R, G, B for colour), row by row.
 */
final class ImageTensor {

    private ImageTensor() {
    }

    /** Writes the image's input values into {@code into} at {@code offset} (batches are filled image by image). */
    static void write(EncodedImage image, ModelCard.Input input, float[] into, int offset)
            throws UnreadableImageException {
        int width = input.width();
        int height = input.height();
        int channels = input.channels();
        float[] mean = input.perChannel(input.mean(), 0f);
        float[] std = input.perChannel(input.std(), 1f);
        Mat decoded = image.decode(Math.min(width, height), channels == 3);
        Mat resized = new Mat();
        try {
            Imgproc.resize(decoded, resized, new Size(width, height), 0, 0, Imgproc.INTER_AREA);
            int pixels = width * height;
            byte[] values = new byte[pixels * channels];
            resized.get(0, 0, values);
            for (int c = 0; c < channels; c++) {
                int source = channels == 3 ? 2 - c : 0; // OpenCV decodes colour as BGR
                for (int p = 0; p < pixels; p++)
                    into[offset + c * pixels + p] = ((values[p * channels + source] & 0xFF) / 255f - mean[c]) / std[c];
            }
        } finally {
            decoded.release();
            resized.release();
        }
    }

    static int size(ModelCard.Input input) {
        return input.channels() * input.width() * input.height();
    }
}
