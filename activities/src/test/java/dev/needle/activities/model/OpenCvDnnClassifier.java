package dev.needle.activities.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

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

    /** The class output of one image, softmax applied when the card declares logits. */
    private float[] forward(Net net, float[] pixels) {
        ModelCard.Input in = card.input();
        Mat blob = new Mat(new int[] { 1, in.channels(), in.height(), in.width() }, CvType.CV_32F);
        List<Mat> outs = new ArrayList<>();
        try {
            blob.put(new int[] { 0, 0, 0, 0 }, pixels);
            net.setInput(blob);
            net.forward(outs, read);
            Mat flat = outs.get(0).reshape(1, 1);
            float[] row = new float[(int) flat.total()];
            flat.get(0, 0, row);
            if (card.outputs().logits() != null)
                OnnxClassifier.softmax(row);
            return row;
        } finally {
            blob.release();
            outs.forEach(Mat::release);
        }
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
}
