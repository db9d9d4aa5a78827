package dev.needle.activities.model;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.needle.activities.BadInputException;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * An ONNX network run by ONNX Runtime on the CPU, one thread per call: Needle runs calls in parallel itself (one per
 * shard), as it does OpenCV. A session is safe for concurrent calls, so one network serves every thread of a worker.
 */
public final class OnnxNetwork implements AutoCloseable {

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

    private final OrtSession session;
    private final String input;

    private OnnxNetwork(OrtSession session, String input) {
        this.session = session;
        this.input = input;
    }

    /**
     * Loads the network; {@code inputName} may be null for a network with one input. A file ONNX Runtime cannot load is
     * refused as {@code model} bad input.
     */
    public static OnnxNetwork load(Path file, String inputName) {
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = ENVIRONMENT.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new BadInputException("model", "the ONNX file cannot be loaded: " + firstLine(e.getMessage()));
        }
        Set<String> inputs = session.getInputNames();
        String input = inputName;
        if (input == null && inputs.size() != 1) {
            close(session);
            throw new BadInputException("model.input.name", "the network has several inputs " + inputs + ": name one");
        }
        if (input == null)
            input = inputs.iterator().next();
        if (!inputs.contains(input)) {
            close(session);
            throw new BadInputException("model.input.name", "the network has no input " + input + "; it has " + inputs);
        }
        return new OnnxNetwork(session, input);
    }

    public Set<String> outputs() {
        return session.getOutputNames();
    }

    /**
     * Runs the network on {@code batch} images laid out N×C×H×W in {@code pixels}; returns each named output as one
     * flattened row per image.
     */
    public Map<String, float[][]> run(float[] pixels, int batch, int channels, int height, int width,
            Collection<String> outputs) throws OrtException {
        long[] shape = { batch, channels, height, width };
        try (OnnxTensor tensor = OnnxTensor.createTensor(ENVIRONMENT, FloatBuffer.wrap(pixels), shape);
                OrtSession.Result result = session.run(Map.of(input, tensor), Set.copyOf(outputs))) {
            Map<String, float[][]> rows = new LinkedHashMap<>();
            for (String name : outputs)
                rows.put(name, rowsOf(result.get(name).orElseThrow(), batch, name));
            return rows;
        }
    }

    private static float[][] rowsOf(OnnxValue value, int batch, String name) throws OrtException {
        if (!(value instanceof OnnxTensor tensor))
            throw new OrtException("output " + name + " is not a tensor");
        long[] shape = tensor.getInfo().getShape();
        if (shape.length == 0 || shape[0] != batch)
            throw new OrtException("output " + name + " has shape " + java.util.Arrays.toString(shape)
                    + ", not one row per image");
        FloatBuffer flat = tensor.getFloatBuffer();
        if (flat == null)
            throw new OrtException("output " + name + " is not float");
        int width = flat.remaining() / batch;
        float[][] rows = new float[batch][width];
        for (float[] row : rows)
            flat.get(row);
        return rows;
    }

    @Override
    public void close() {
        close(session);
    }

    private static void close(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing left to release
        }
    }

    static String firstLine(String message) {
        return message == null ? "unknown error" : message.lines().findFirst().orElse(message).strip();
    }

    /** Names the outputs for a message. */
    static List<String> sorted(Collection<String> names) {
        List<String> list = new ArrayList<>(names);
        list.sort(null);
        return list;
    }
}
