package dev.needle.activities.embedding;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.opencv.imgproc.Imgproc;

import dev.needle.activities.BadInputException;

/**
 * A user's ONNX backbone run by OpenCV DNN on the CPU. The image is decoded in colour (at a reduced scale when the
 * network's input is much smaller than the file), squashed to {@code inputSize}² like the built-in descriptor, scaled
 * to [0, 1], normalised per RGB channel by {@code mean} and {@code std} (torchvision's convention) and fed as one
 * 1×3×S×S tensor; the named output (or the network's only one) flattened is the embedding.
 *
 * <p>
 * An OpenCV {@link Net} is not safe for concurrent use, so each thread borrows one from a small pool of copies.
 */
public final class OnnxEmbedder implements Embedder {

    /**
     * @param model the ONNX file
     * @param inputSize side of the square input the network expects, in pixels
     * @param mean per-channel mean (R, G, B) in [0, 1] units, subtracted after scaling
     * @param std per-channel standard deviation, divided by after subtracting the mean
     * @param output name of the output layer to read; may be null when the network has a single output
     */
    public record Config(Path model, int inputSize, float[] mean, float[] std, String output) {

        public Config {
            if (inputSize < 1 || inputSize > 4096)
                throw new BadInputException("embedder.inputSize", "must be between 1 and 4096, was " + inputSize);
            mean = threeChannels("embedder.mean", mean, 0f);
            std = threeChannels("embedder.std", std, 1f);
            for (float s : std) {
                if (!(s > 0))
                    throw new BadInputException("embedder.std", "every value must be positive, got " + Arrays.toString(std));
            }
        }

        private static float[] threeChannels(String field, float[] values, float missing) {
            if (values == null)
                return new float[] { missing, missing, missing };
            if (values.length == 1)
                return new float[] { values[0], values[0], values[0] };
            if (values.length != 3)
                throw new BadInputException(field, "needs 1 or 3 values (R, G, B), got " + values.length);
            for (float v : values) {
                if (!Float.isFinite(v))
                    throw new BadInputException(field, "must be finite numbers, got " + Arrays.toString(values));
            }
            return values.clone();
        }
    }

    private final Config config;
    private final String id;
    private final int dimension;
    private final EncodedImage.Limits limits;
    private final Queue<Net> idle = new ConcurrentLinkedQueue<>();
    private final String output;

    /** Loads the model and runs it once on a blank input to learn its output size. */
    public OnnxEmbedder(Config config, EncodedImage.Limits limits) {
        OpenCv.load();
        this.config = config;
        this.limits = limits;
        try {
            this.id = "onnx-" + fingerprint(ImageFiles.sha256Hex(config.model()));
        } catch (IOException e) {
            throw new BadInputException("embedder.model", "cannot read " + config.model().getFileName() + ": " + e);
        }
        Net net = newNet();
        this.output = config.output() == null ? onlyOutput(net) : config.output();
        try {
            float[] blank = forward(net, new float[3 * config.inputSize() * config.inputSize()]);
            if (blank.length == 0)
                throw new BadInputException("embedder.output", "the network's output is empty");
            this.dimension = blank.length;
        } catch (CvException e) {
            throw new BadInputException("embedder", "the network does not run on a 1×3×" + config.inputSize() + "×"
                    + config.inputSize() + " input: " + firstLine(e.getMessage()));
        } finally {
            idle.add(net);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(Path image) throws IOException {
        float[] input = preprocess(EncodedImage.read(image, limits));
        Net net = idle.poll();
        if (net == null)
            net = newNet();
        try {
            float[] out = forward(net, input);
            if (out.length != dimension)
                throw new IllegalStateException("the network gave " + out.length + " values, expected " + dimension);
            return out;
        } finally {
            idle.add(net);
        }
    }

    /** Decoded, squashed and normalised pixels in the network's layout: channel (R, G, B), then row, then column. */
    float[] preprocess(EncodedImage encoded) throws UnreadableImageException {
        int s = config.inputSize();
        Mat decoded = encoded.decode(s, true);
        Mat resized = new Mat();
        try {
            Imgproc.resize(decoded, resized, new Size(s, s), 0, 0, Imgproc.INTER_AREA);
            byte[] bgr = new byte[s * s * 3];
            resized.get(0, 0, bgr);
            float[] input = new float[3 * s * s];
            for (int c = 0; c < 3; c++) {
                int source = 2 - c; // OpenCV decodes BGR
                float mean = config.mean()[c];
                float std = config.std()[c];
                for (int p = 0; p < s * s; p++)
                    input[c * s * s + p] = ((bgr[p * 3 + source] & 0xFF) / 255f - mean) / std;
            }
            return input;
        } finally {
            decoded.release();
            resized.release();
        }
    }

    private float[] forward(Net net, float[] input) {
        int s = config.inputSize();
        Mat blob = new Mat(new int[] { 1, 3, s, s }, CvType.CV_32F);
        Mat out = null;
        try {
            blob.put(new int[] { 0, 0, 0, 0 }, input);
            net.setInput(blob);
            out = net.forward(output);
            Mat flat = out.reshape(1, 1);
            float[] values = new float[(int) flat.total()];
            flat.get(0, 0, values);
            return values;
        } finally {
            blob.release();
            if (out != null)
                out.release();
        }
    }

    private Net newNet() {
        Net net;
        try {
            net = Dnn.readNetFromONNX(config.model().toString());
        } catch (CvException e) {
            throw new BadInputException("embedder.model",
                    config.model().getFileName() + " is not an ONNX model OpenCV can read: "
                            + firstLine(e.getMessage()));
        }
        if (net.empty())
            throw new BadInputException("embedder.model", config.model().getFileName() + " holds no network");
        net.setPreferableBackend(Dnn.DNN_BACKEND_OPENCV);
        net.setPreferableTarget(Dnn.DNN_TARGET_CPU);
        if (config.output() != null && net.getLayerId(config.output()) < 0
                && !Arrays.asList(outputs(net)).contains(config.output()))
            throw new BadInputException("embedder.output", "the network has no layer " + config.output());
        return net;
    }

    private static String[] outputs(Net net) {
        return net.getUnconnectedOutLayersNames().toArray(new String[0]);
    }

    /** A network with one output needs no name; with several, which one is the embedding is the user's call. */
    private static String onlyOutput(Net net) {
        String[] outputs = outputs(net);
        if (outputs.length != 1) {
            throw new BadInputException("embedder.output", "the network has several outputs (" + String.join(", ", outputs)
                    + "): name the one that is the embedding");
        }
        return outputs[0];
    }

    /** Hash of the model's bytes and every setting that changes the vectors: the cache key part of {@link #id()}. */
    private String fingerprint(String modelHash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(modelHash.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer settings = ByteBuffer.allocate(4 + 6 * 4);
            settings.putInt(config.inputSize());
            for (float v : config.mean())
                settings.putFloat(v);
            for (float v : config.std())
                settings.putFloat(v);
            sha.update(settings.array());
            sha.update(String.valueOf(config.output()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unknown error" : message.lines().findFirst().orElse(message).strip();
    }
}
