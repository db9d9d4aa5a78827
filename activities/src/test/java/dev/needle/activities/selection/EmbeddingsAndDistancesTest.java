package dev.needle.activities.selection;

import static dev.needle.activities.selection.SelectorTest.assertBad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.needle.activities.selection.bench.Synthetic;

class EmbeddingsAndDistancesTest {

    @Test
    void givenMalformedRows_itNamesTheRow() {
        assertBad("embeddings", () -> Embeddings.of(null));
        assertBad("embeddings[1]", () -> Embeddings.of(new float[][] { { 1, 2 }, { 3 } }));
        assertBad("embeddings[1]", () -> Embeddings.of(new float[][] { { 1, 2 }, null }));
        assertBad("embeddings[0]", () -> Embeddings.of(new float[][] { {} }));
        assertBad("embeddings[2]", () -> Embeddings.of(new float[][] { { 1 }, { 2 }, { Float.NaN } }));
        assertBad("embeddings[0]", () -> Embeddings.of(new float[][] { { Float.NEGATIVE_INFINITY } }));
        assertBad("embeddings[1]", () -> Embeddings.rowMajor(new float[] { 1, 2, 3, Float.POSITIVE_INFINITY }, 2, 2));
        assertBad("embeddings", () -> Embeddings.rowMajor(new float[] { 1, 2, 3 }, 2, 2));
        assertBad("embeddings", () -> Embeddings.rowMajor(new float[] {}, 1, 0));
        assertBad("embeddings", () -> Embeddings.rowMajor(null, 1, 1));
        assertBad("embeddings", () -> Embeddings.rowMajor(new float[0], 100_000, 100_000));
        assertBad("embeddings[0]", () -> Embeddings.of(new float[][] { { Float.MAX_VALUE } }).toHalfPrecision());
    }

    @Test
    void givenRows_itStoresThemRowMajorAndHalvesThemToBf16() {
        Embeddings e = Embeddings.of(new float[][] { { 1, 2.5f }, { -3, 1 + 0x1p-8f }, { 1 + 0x1p-7f + 0x1p-8f, 0.1f } });

        assertEquals(3, e.n());
        assertEquals(2, e.d());
        assertEquals(-3f, e.get(1, 0));
        assertFalse(e.isHalfPrecision());
        Embeddings half = e.toHalfPrecision();
        assertTrue(half.isHalfPrecision());
        assertEquals(2, half.bytesPerValue());
        assertEquals(2.5f, half.get(0, 1));
        assertEquals(1f, half.get(1, 1), "a tie rounds to the even mantissa");
        assertEquals(1 + 0x1p-6f, half.get(2, 0), "a tie rounds up to the even mantissa");
        assertEquals(0.1f, half.get(2, 1), 0.1f / 256);
        assertEquals(0, Embeddings.of(new float[0][]).n());
    }

    @Test
    void vectorAndScalarKernelsAreBitIdentical() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "tests run with --add-modules=jdk.incubator.vector");
        Distances vector = VectorDistances.INSTANCE;
        SplittableRandom random = new SplittableRandom(2);
        for (int d = 1; d <= 600; d += d < 40 ? 1 : 37) {
            float[] x = new float[3 * d + 5];
            float[] c = new float[d + 3];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) (random.nextGaussian() * 1e3);
            }
            for (int j = 0; j < c.length; j++) {
                c[j] = (float) random.nextGaussian();
            }
            short[] half = new short[x.length];
            for (int j = 0; j < x.length; j++) {
                half[j] = Bf16.fromFloat(x[j]);
            }
            // bf16 centres are permuted and zero-padded to a multiple of 16 (see Distances)
            float[] permuted = new float[3 + ((d + 15) & -16)];
            for (int j = 0; j < d; j++) {
                permuted[3 + Distances.bf16Slot(j)] = c[3 + j];
            }
            for (int off : new int[] { 0, 5, 2 * d }) {
                assertEquals(ScalarDistances.INSTANCE.dist2(x, off, c, 3, d), vector.dist2(x, off, c, 3, d), 0f, "d=" + d);
                assertEquals(ScalarDistances.INSTANCE.dist2(half, off, permuted, 3, d), vector.dist2(half, off, permuted, 3, d),
                        0f, "bf16 d=" + d);
            }
            double exact = 0;
            double exactHalf = 0;
            for (int j = 0; j < d; j++) {
                exact += ((double) x[j] - c[3 + j]) * ((double) x[j] - c[3 + j]);
                exactHalf += ((double) Bf16.toFloat(half[j]) - c[3 + j]) * ((double) Bf16.toFloat(half[j]) - c[3 + j]);
            }
            assertEquals(exact, vector.dist2(x, 0, c, 3, d), exact * 1e-5);
            assertEquals(exactHalf, vector.dist2(half, 0, permuted, 3, d), exactHalf * 1e-5);
        }
    }

    /** The engine in a JVM without the incubator module: falls back to scalar code and makes the same picks. */
    @Test
    void withoutTheVectorModule_itFallsBackToScalarWithTheSamePicks() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                FallbackMain.class.getName())).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

        assertEquals(0, p.exitValue(), out);
        assertEquals("scalar " + FallbackMain.picks(), out);
        assertTrue(Distances.best().vectorized(), "this JVM has the module and should use it");
    }

    /** Prints the kernel kind and the picks of a fixed selection. */
    public static final class FallbackMain {
        static String picks() {
            int n = 2000;
            int d = 50;
            Embeddings e = Embeddings.rowMajor(Synthetic.mixture(n, d, 10, 0.05, 4), n, d);
            return Arrays.toString(Selector.select(SelectionRequest.builder(Strategy.CORESET).embeddings(e).k(30).seed(3)
                    .threads(2).build()).picks());
        }

        public static void main(String[] args) {
            System.out.println((Distances.best().vectorized() ? "vector " : "scalar ") + picks());
        }
    }

    @Test
    void halfPrecisionKeepsTheCoverRadiusClose() {
        int n = 4000;
        int d = 64;
        Embeddings e = Embeddings.rowMajor(Synthetic.mixture(n, d, 30, 0.05, 8), n, d);
        SelectionResult full = Selector.select(SelectionRequest.builder(Strategy.CORESET).embeddings(e).k(100).build());
        SelectionResult half = Selector.select(SelectionRequest.builder(Strategy.CORESET).embeddings(e.toHalfPrecision())
                .k(100).build());

        assertEquals(full.maxMinDistance(), half.maxMinDistance(), 0.02 * full.maxMinDistance());
        assertArrayEquals(Arrays.copyOf(full.picks(), 1), Arrays.copyOf(half.picks(), 1));
    }
}
