package dev.needle.activities.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

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

    /**
     * Files decoded into one input tensor for one network call, image after image.
     *
     * @param pixels the tensor's values, for {@code images} images
     * @param rowOf for each file, its row in the tensor (and in the network's outputs), or -1 when it was left out
     */
    record Batch(float[] pixels, int images, int[] rowOf) {

        /**
         * Decodes {@code files}; one that cannot be decoded is told to {@code failed} and left out, so a bad file never
         * sinks the others.
         */
        static Batch of(List<Path> files, ModelCard.Input input, EncodedImage.Limits limits,
                BiConsumer<Integer, IOException> failed) {
            int size = size(input);
            float[] pixels = new float[size * files.size()];
            int[] rowOf = new int[files.size()];
            int rows = 0;
            for (int i = 0; i < files.size(); i++) {
                try {
                    write(EncodedImage.read(files.get(i), limits), input, pixels, rows * size);
                    rowOf[i] = rows++;
                } catch (IOException e) {
                    rowOf[i] = -1;
                    failed.accept(i, e);
                }
            }
            return new Batch(rows == files.size() ? pixels : Arrays.copyOf(pixels, rows * size), rows, rowOf);
        }

        /** The network's output rows put back in file order: null for a file left out. */
        float[][] perFile(float[][] outputRows) {
            float[][] vectors = new float[rowOf.length][];
            for (int i = 0; i < rowOf.length; i++) {
                if (rowOf[i] >= 0)
                    vectors[i] = outputRows[rowOf[i]];
            }
            return vectors;
        }
    }

    static int size(ModelCard.Input input) {
        return input.channels() * input.width() * input.height();
    }
}
