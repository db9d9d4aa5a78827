package dev.needle.activities.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

import dev.needle.activities.BadInputException;
import dev.needle.activities.embedding.Embedder;
import dev.needle.activities.embedding.EncodedImage;
import dev.needle.activities.embedding.OpenCv;
import dev.needle.activities.embedding.UnreadableImageException;

import ai.onnxruntime.OrtException;

/**
 * A trainer's ONNX classifier as its model card describes it: class probabilities per image (softmax applied when the
 * card declares logits) and, when declared, a feature vector per image.
 */
public final class OnnxClassifier implements AutoCloseable {

    /** How far from 1 a row of probabilities may sum (float32 softmax of 1,000 classes stays well inside). */
    private static final double SUM_TOLERANCE = 1e-3;
    /** Images per network call when a shard runs the network over the pool. */
    public static final int BATCH = 16;

    /** One row per image; {@code features} is null when the card declares none. */
    public record Outputs(float[][] probabilities, float[][] features) {
    }

    private final ModelCard card;
    private final OnnxNetwork network;
    private final List<String> read;
    /** Output widths, learned when the network is loaded. */
    private int classes;
    private int featureDimension = -1;

    private OnnxClassifier(ModelCard card, OnnxNetwork network) {
        this.card = card;
        this.network = network;
        List<String> names = new ArrayList<>(List.of(card.outputs().classes()));
        if (card.outputs().features() != null)
            names.add(card.outputs().features());
        this.read = List.copyOf(names);
    }

    /** Loads the network and checks the card's output names against it; nothing is run yet (see {@link #check}). */
    public static OnnxClassifier load(Path file, ModelCard card) {
        card.validated();
        if (!ModelCard.ONNX.equals(card.kind()))
            throw new BadInputException("model.kind", "is " + card.kind() + ", not an ONNX network");
        OpenCv.load(); // decodes the images
        OnnxNetwork network = OnnxNetwork.load(file, card.input().name());
        try {
            requireOutput(network, card.outputs().classes(), card.outputs().classesField());
            if (card.outputs().features() != null)
                requireOutput(network, card.outputs().features(), "model.outputs.features");
            OnnxClassifier classifier = new OnnxClassifier(card, network);
            classifier.learnWidths();
            return classifier;
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** Runs the network once on a blank input: whether it takes the card's input, and how wide its outputs are. */
    private void learnWidths() {
        ModelCard.Input in = card.input();
        Map<String, float[][]> raw;
        try {
            raw = run(new float[ImageTensor.size(in)], 1);
        } catch (OrtException e) {
            throw new BadInputException("model.input", String.format(Locale.ROOT,
                    "the network does not run on a 1×%d×%d×%d input: %s", in.channels(), in.height(), in.width(),
                    OnnxNetwork.firstLine(e.getMessage())));
        }
        classes = raw.get(card.outputs().classes())[0].length;
        if (card.outputs().features() != null)
            featureDimension = raw.get(card.outputs().features())[0].length;
    }

    private static void requireOutput(OnnxNetwork network, String name, String field) {
        if (!network.outputs().contains(name))
            throw new BadInputException(field, "the network has no output " + name + "; its outputs are "
                    + OnnxNetwork.sorted(network.outputs()));
    }

    public ModelCard card() {
        return card;
    }

    /**
     * Runs the network once on a real image of the pool and refuses what would not serve the project: an input the
     * network does not take, a class output whose width is not the number of classes, probabilities that are not
     * probabilities (logits declared as probabilities) or logits that already are (probabilities declared as logits),
     * features that are empty or not finite.
     */
    public void check(EncodedImage sample, int classes) throws UnreadableImageException {
        Map<String, float[][]> raw;
        try {
            raw = run(List.of(sample));
        } catch (OrtException e) {
            throw new BadInputException("model", "the network failed on a pool image: "
                    + OnnxNetwork.firstLine(e.getMessage()));
        }
        float[] row = raw.get(card.outputs().classes())[0];
        String field = card.outputs().classesField();
        if (row.length != classes)
            throw new BadInputException(field, "gives " + row.length + " values per image, but the project has "
                    + classes + " classes");
        double sum = 0;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : row) {
            if (!Float.isFinite(v))
                throw new BadInputException(field, "gives a value that is not a finite number: " + v);
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        boolean probabilities = min >= 0 && max <= 1 && Math.abs(sum - 1) <= SUM_TOLERANCE;
        if (card.outputs().probabilities() != null && !probabilities)
            throw new BadInputException(field, String.format(Locale.ROOT, "are not probabilities (values from %.4g "
                    + "to %.4g, summing to %.4g): declare the output as logits if it comes before the softmax",
                    min, max, sum));
        if (card.outputs().logits() != null && probabilities && classes > 1)
            throw new BadInputException(field, "are already probabilities (each in [0, 1], summing to 1): declare "
                    + "the output as probabilities");
        if (card.outputs().features() != null) {
            float[] features = raw.get(card.outputs().features())[0];
            if (features.length == 0)
                throw new BadInputException("model.outputs.features", "the feature output is empty");
            for (float v : features) {
                if (!Float.isFinite(v))
                    throw new BadInputException("model.outputs.features", "gives a value that is not finite: " + v);
            }
        }
    }

    /**
     * The class probabilities per image, as the prediction step's shards run them. An image the decoder cannot read is
     * skipped, as the embed step skips it.
     */
    public Embedder probabilities(String id, EncodedImage.Limits limits) {
        return new OutputEmbedder(id, classes, limits, Outputs::probabilities);
    }

    /** The feature vector per image: the project's embedder when it embeds with its model. */
    public Embedder features(String id, EncodedImage.Limits limits) {
        if (featureDimension < 0)
            throw new IllegalStateException("the model card declares no features");
        return new OutputEmbedder(id, featureDimension, limits, Outputs::features);
    }

    /** Whether the card declares a feature output. */
    public boolean hasFeatures() {
        return featureDimension >= 0;
    }

    /**
     * One of the network's outputs as an embedder that runs {@link #BATCH} images per call: measured on the reference
     * CNN, a call per image spent about twice the network time per image of a call per 8 (bench/predict.sh).
     */
    private final class OutputEmbedder implements Embedder {
        private final String id;
        private final int dimension;
        private final EncodedImage.Limits limits;
        private final Function<Outputs, float[][]> pick;

        OutputEmbedder(String id, int dimension, EncodedImage.Limits limits, Function<Outputs, float[][]> pick) {
            this.id = id;
            this.dimension = dimension;
            this.limits = limits;
            this.pick = pick;
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
        public int batchSize() {
            return BATCH;
        }

        @Override
        public float[] embed(Path image) throws IOException {
            IOException[] failure = new IOException[1];
            float[] vector = embedBatch(List.of(image), (i, e) -> failure[0] = e)[0];
            if (failure[0] != null)
                throw failure[0];
            return vector;
        }

        /** Files that decode go through the network together; one that does not is told to {@code failed} and left out. */
        @Override
        public float[][] embedBatch(List<Path> files, BiConsumer<Integer, IOException> failed) {
            ImageTensor.Batch batch = ImageTensor.Batch.of(files, card.input(), limits, failed);
            if (batch.images() == 0)
                return new float[files.size()][];
            try {
                return batch.perFile(pick.apply(outputs(run(batch.pixels(), batch.images()))));
            } catch (OrtException e) {
                // The network ran on this input when it was accepted: a failure now is the machine's, not the image's.
                throw new IllegalStateException("ONNX Runtime failed on " + files.get(0).getFileName() + " and the "
                        + (files.size() - 1) + " images after it: " + e.getMessage(), e);
            }
        }
    }

    /** Class probabilities (and features) of a batch of images, one row each, in order. */
    public Outputs predict(List<EncodedImage> images) throws UnreadableImageException, OrtException {
        return outputs(run(images));
    }

    private Outputs outputs(Map<String, float[][]> raw) {
        float[][] classes = raw.get(card.outputs().classes());
        if (card.outputs().logits() != null) {
            for (float[] row : classes)
                softmax(row);
        }
        return new Outputs(classes, card.outputs().features() == null ? null : raw.get(card.outputs().features()));
    }

    private Map<String, float[][]> run(List<EncodedImage> images) throws UnreadableImageException, OrtException {
        int size = ImageTensor.size(card.input());
        float[] pixels = new float[size * images.size()];
        for (int i = 0; i < images.size(); i++)
            ImageTensor.write(images.get(i), card.input(), pixels, i * size);
        return run(pixels, images.size());
    }

    private Map<String, float[][]> run(float[] pixels, int images) throws OrtException {
        ModelCard.Input in = card.input();
        return network.run(pixels, images, in.channels(), in.height(), in.width(), read);
    }

    /** In place, stable for large logits: exp(x − max) / Σ exp(x − max). */
    static void softmax(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits)
            max = Math.max(max, v);
        double sum = 0;
        double[] e = new double[logits.length];
        for (int k = 0; k < logits.length; k++) {
            e[k] = Math.exp(logits[k] - max);
            sum += e[k];
        }
        for (int k = 0; k < logits.length; k++)
            logits[k] = (float) (e[k] / sum);
    }

    @Override
    public void close() {
        network.close();
    }
}
