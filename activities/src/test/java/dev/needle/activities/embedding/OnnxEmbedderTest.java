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

import dev.needle.activities.BadInputException;

/** The ONNX path, on the repository's own {@link TinyNet}. */
class OnnxEmbedderTest {

    static final Path MODEL = TinyNet.copyTo(Path.of("target/onnx"));
    static final float[] MEAN = TinyNet.MEAN;
    static final float[] STD = TinyNet.STD;

    @TempDir
    Path tmp;

    static OnnxEmbedder features() {
        return new OnnxEmbedder(TinyNet.config(MODEL), EncodedImage.Limits.DEFAULT);
    }

    @Test
    void theStoredVectorIsTheNetworksOutput_computedIndependentlyFromItsWeights() throws IOException {
        byte[] rgb = new byte[16 * 16 * 3];
        new java.util.Random(5).nextBytes(rgb);
        Path image = Files.write(tmp.resolve("a.png"), TestImages.png(rgb, 16));

        float[] embedded = features().embed(image);

        assertEquals(4, embedded.length);
        assertArrayEquals(TinyNet.reference(rgb, 16), embedded, 1e-4f);
    }

    @Test
    void sameFileSameBits_onOneThreadOrMany() throws Exception {
        OnnxEmbedder embedder = features();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 40; i++)
            files.add(Files.write(tmp.resolve("i" + i + ".png"), TestImages.tinyPng(i, 24 + i)));
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
        Path image = Files.write(tmp.resolve("b.png"), TestImages.tinyPng(3, 40));
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
}
