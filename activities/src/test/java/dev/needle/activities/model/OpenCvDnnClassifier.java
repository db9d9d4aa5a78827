package dev.needle.activities.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

import dev.needle.activities.embedding.Embedder;
import dev.needle.activities.embedding.EncodedImage;
import dev.needle.activities.embedding.OpenCv;

/**
 * For the PREDICT benchmark: the same ONNX file and model card run by OpenCV DNN instead of ONNX Runtime, with the same
 * image → tensor code ({@link ImageTensor}) and the same outputs read (the class output and, when declared, the
 * features), so that the two engines do the same work per image. A {@link Net} is not safe for concurrent use: each
 * thread borrows one of a small pool of copies, as {@code OnnxEmbedder} does.
 */
public final class OpenCvDnnClassifier implements Embedder {

    private final Path file;
    private final ModelCard card;
    private final List<String> read;
    private final int classes;
    private final Queue<Net> idle = new ConcurrentLinkedQueue<>();

    public OpenCvDnnClassifier(Path file, ModelCard card) {
        OpenCv.load();
        this.file = file;
        this.card = card.validated();
        List<String> names = new ArrayList<>(List.of(card.outputs().classes()));
        if (card.outputs().features() != null)
            names.add(card.outputs().features());
        this.read = List.copyOf(names);
        Net net = newNet();
        this.classes = forward(net, new float[ImageTensor.size(card.input())]).length;
        idle.add(net);
    }

    private Net newNet() {
        Net net = Dnn.readNetFromONNX(file.toString());
        net.setPreferableBackend(Dnn.DNN_BACKEND_OPENCV);
        net.setPreferableTarget(Dnn.DNN_TARGET_CPU);
        return net;
    }

    /** The class output of {@code n} images laid out one after the other, softmax applied when the card says logits. */
    private float[][] forward(Net net, float[] pixels, int n) {
        ModelCard.Input in = card.input();
        Mat blob = new Mat(new int[] { n, in.channels(), in.height(), in.width() }, CvType.CV_32F);
        List<Mat> outs = new ArrayList<>();
        try {
            blob.put(new int[] { 0, 0, 0, 0 }, pixels);
            net.setInput(blob);
            net.forward(outs, read);
            Mat flat = outs.get(0).reshape(1, 1);
            float[] values = new float[(int) flat.total()];
            flat.get(0, 0, values);
            int width = values.length / n;
            float[][] rows = new float[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = Arrays.copyOfRange(values, i * width, (i + 1) * width);
                if (card.outputs().logits() != null)
                    OnnxClassifier.softmax(rows[i]);
            }
            return rows;
        } finally {
            blob.release();
            outs.forEach(Mat::release);
        }
    }

    private float[] forward(Net net, float[] pixels) {
        return forward(net, pixels, 1)[0];
    }

    /** The network's input for one image file, exactly as ONNX Runtime gets it in PREDICT. */
    public static float[] tensor(Path image, ModelCard card) throws IOException {
        float[] pixels = new float[ImageTensor.size(card.input())];
        ImageTensor.write(EncodedImage.read(image, EncodedImage.Limits.DEFAULT), card.input(), pixels, 0);
        return pixels;
    }

    /** The class output for an input already made by {@link #tensor} (network only, no decode). */
    public float[] run(float[] pixels) {
        Net net = idle.poll();
        if (net == null)
            net = newNet();
        try {
            return forward(net, pixels);
        } finally {
            idle.add(net);
        }
    }

    @Override
    public String id() {
        return "opencv-dnn";
    }

    @Override
    public int dimension() {
        return classes;
    }

    @Override
    public float[] embed(Path image) throws IOException {
        return run(tensor(image, card));
    }

    /** Batches as PREDICT's ONNX Runtime path does, so the two engines are compared on the same calls. */
    @Override
    public int batchSize() {
        return OnnxClassifier.BATCH;
    }

    @Override
    public float[][] embedBatch(List<Path> files, BiConsumer<Integer, IOException> failed) {
        ImageTensor.Batch batch = ImageTensor.Batch.of(files, card.input(), EncodedImage.Limits.DEFAULT, failed);
        if (batch.images() == 0)
            return new float[files.size()][];
        Net net = idle.poll();
        if (net == null)
            net = newNet();
        try {
            return batch.perFile(forward(net, batch.pixels(), batch.images()));
        } finally {
            idle.add(net);
        }
    }
}
