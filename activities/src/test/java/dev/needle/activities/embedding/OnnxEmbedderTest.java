package dev.needle.activities.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.needle.activities.BadInputException;

/**
 * The ONNX path, on the tiny conv net that {@code src/test/resources/onnx/make_tiny_net.py} writes (input 3×16×16,
 * Conv 3→4 3×3 pad 1, Relu, global average pool: output "features", 4 values; output "conv" is the 4×16×16 conv
 * output).
 */
public class OnnxEmbedderTest {

    public static final Path MODEL = Path.of("src/test/resources/onnx/tiny-conv.onnx").toAbsolutePath();
    static final Path WEIGHTS = Path.of("src/test/resources/onnx/tiny-conv.json");
    static final float[] MEAN = { 0.5f, 0.4f, 0.3f };
    static final float[] STD = { 0.25f, 0.5f, 1f };

    @TempDir
    Path tmp;

    static OnnxEmbedder features() {
        return new OnnxEmbedder(new OnnxEmbedder.Config(MODEL, 16, MEAN, STD, "features"), EncodedImage.Limits.DEFAULT);
    }

    @Test
    void theStoredVectorIsTheNetworksOutput_computedIndependentlyFromItsWeights() throws IOException {
        byte[] rgb = new byte[16 * 16 * 3];
        new java.util.Random(5).nextBytes(rgb);
        Path image = Files.write(tmp.resolve("a.png"), png(rgb, 16));

        float[] embedded = features().embed(image);

        assertEquals(4, embedded.length);
        assertArrayEquals(reference(rgb, 16), embedded, 1e-4f);
    }

    @Test
    void sameFileSameBits_onOneThreadOrMany() throws Exception {
        OnnxEmbedder embedder = features();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 40; i++)
            files.add(Files.write(tmp.resolve("i" + i + ".png"), HostileFiles.tinyPng(i, 24 + i)));
        float[][] one = embedder.embedAll(files, 1).vectors();
        float[][] two = embedder.embedAll(files, 2).vectors();
        for (int i = 0; i < files.size(); i++) {
            assertArrayEquals(one[i], two[i], files.get(i).toString());
            assertArrayEquals(one[i], embedder.embed(files.get(i)));
        }
        assertNotEquals(one[0][0], one[1][0], "different images, different vectors");
    }

    @Test
    void anOutputLayerCanBeChosenByName_andTheIdTellsConfigurationsApart() throws IOException {
        OnnxEmbedder conv = new OnnxEmbedder(new OnnxEmbedder.Config(MODEL, 16, MEAN, STD, "conv"),
                EncodedImage.Limits.DEFAULT);
        assertEquals(4 * 16 * 16, conv.dimension());
        Path image = Files.write(tmp.resolve("b.png"), HostileFiles.tinyPng(3, 40));
        float[] maps = conv.embed(image);
        float[] pooled = features().embed(image);
        for (int o = 0; o < 4; o++) {
            double mean = 0;
            for (int p = 0; p < 256; p++)
                mean += Math.max(0, maps[o * 256 + p]) / 256.0;
            assertEquals(pooled[o], mean, 1e-4, "relu + average of the conv output is the features output");
        }
        assertNotEquals(conv.id(), features().id());
        assertTrue(features().id().startsWith("onnx-"));
        assertEquals(features().id(), features().id());
    }

    @Test
    void badConfigurationsAreRefusedNamingTheField() throws IOException {
        assertEquals("embedder.output", assertThrows(BadInputException.class, () -> new OnnxEmbedder(
                new OnnxEmbedder.Config(MODEL, 16, null, null, "nope"), EncodedImage.Limits.DEFAULT)).field());
        BadInputException twoOutputs = assertThrows(BadInputException.class, () -> new OnnxEmbedder(
                new OnnxEmbedder.Config(MODEL, 16, null, null, null), EncodedImage.Limits.DEFAULT));
        assertEquals("embedder.output", twoOutputs.field());
        assertTrue(twoOutputs.reason().contains("conv") && twoOutputs.reason().contains("features"), twoOutputs.reason());
        assertEquals("embedder.inputSize", assertThrows(BadInputException.class,
                () -> new OnnxEmbedder.Config(MODEL, 0, null, null, "features")).field());
        Path notModel = Files.writeString(tmp.resolve("x.onnx"), "not a model");
        assertEquals("embedder.model", assertThrows(BadInputException.class, () -> new OnnxEmbedder(
                new OnnxEmbedder.Config(notModel, 16, null, null, "features"), EncodedImage.Limits.DEFAULT)).field());
        assertEquals("embedder.std", assertThrows(BadInputException.class,
                () -> new OnnxEmbedder.Config(MODEL, 16, null, new float[] { 1, 0, 1 }, "features")).field());
        assertEquals("embedder.mean", assertThrows(BadInputException.class,
                () -> new OnnxEmbedder.Config(MODEL, 16, new float[] { 1, 2 }, null, "features")).field());
    }

    /** A lossless PNG of the given RGB pixels. */
    static byte[] png(byte[] rgb, int size) {
        OpenCv.load();
        byte[] bgr = new byte[rgb.length];
        for (int p = 0; p < size * size; p++) {
            bgr[p * 3] = rgb[p * 3 + 2];
            bgr[p * 3 + 1] = rgb[p * 3 + 1];
            bgr[p * 3 + 2] = rgb[p * 3];
        }
        Mat image = new Mat(size, size, CvType.CV_8UC3);
        MatOfByte out = new MatOfByte();
        image.put(0, 0, bgr);
        Imgcodecs.imencode(".png", image, out);
        byte[] bytes = out.toArray();
        image.release();
        out.release();
        return bytes;
    }

    /** The tiny net computed in plain Java from the weights the script wrote: conv (pad 1) + bias, relu, mean. */
    public static float[] reference(byte[] rgb, int size) throws IOException {
        JsonNode json = new ObjectMapper().readTree(WEIGHTS.toFile());
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
                                int yy = y + dy, xx = x + dx;
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
