package dev.needle.activities.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The tiny conv net that {@code src/test/resources/onnx/make_tiny_net.py} writes: input 1×3×16×16, Conv 3→4 (3×3,
 * pad 1, bias), Relu, global average pool: output "features" (4 values); output "conv" is the 4×16×16 conv output.
 */
public final class TinyNet {

    public static final float[] MEAN = { 0.5f, 0.4f, 0.3f };
    public static final float[] STD = { 0.25f, 0.5f, 1f };

    private TinyNet() {
    }

    /** Copies the model file into {@code folder} (OpenCV reads models from files) and returns its path. */
    public static Path copyTo(Path folder) {
        try (InputStream in = TinyNet.class.getResourceAsStream("/onnx/tiny-conv.onnx")) {
            Path model = Files.createDirectories(folder).resolve("tiny-conv.onnx");
            Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
            return model.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The embedder the tests configure: the "features" output, with {@link #MEAN} and {@link #STD}. */
    public static OnnxEmbedder.Config config(Path model) {
        return new OnnxEmbedder.Config(model, 16, MEAN, STD, "features");
    }

    /**
     * The network computed in plain Java from the weights the script wrote (tiny-conv.json), on a size×size RGB image
     * already at the input size: conv (pad 1) + bias, relu, mean — independent of OpenCV.
     */
    public static float[] reference(byte[] rgb, int size) throws IOException {
        JsonNode json;
        try (InputStream in = TinyNet.class.getResourceAsStream("/onnx/tiny-conv.json")) {
            json = new ObjectMapper().readTree(in);
        }
        JsonNode w = json.get("weight");
        float[] out = new float[4];
        for (int o = 0; o < 4; o++) {
            double sum = 0;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double v = json.get("bias").get(o).asDouble();
                    for (int c = 0; c < 3; c++) {
                        for (int dy = -1; dy <= 1; dy++) {
                            for (int dx = -1; dx <= 1; dx++) {
                                int yy = y + dy;
                                int xx = x + dx;
                                if (yy < 0 || xx < 0 || yy >= size || xx >= size)
                                    continue;
                                double pixel = ((rgb[(yy * size + xx) * 3 + c] & 0xFF) / 255.0 - MEAN[c]) / STD[c];
                                v += w.get(o).get(c).get(dy + 1).get(dx + 1).asDouble() * pixel;
                            }
                        }
                    }
                    sum += Math.max(0, v);
                }
            }
            out[o] = (float) (sum / (size * size));
        }
        return out;
    }
}
