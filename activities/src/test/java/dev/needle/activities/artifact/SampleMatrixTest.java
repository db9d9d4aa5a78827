package dev.needle.activities.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleMatrixTest {

    @Test
    void aMatrixLargerThanOneChunkRoundTripsBitForBit() throws IOException {
        int rows = 70_000;
        int columns = 3;
        Random random = new Random(1);
        long[] ids = new long[rows];
        float[] values = new float[rows * columns];
        for (int i = 0; i < rows; i++)
            ids[i] = random.nextLong();
        for (int i = 0; i < values.length; i++)
            values[i] = random.nextFloat() - 0.5f;
        values[5] = Float.MIN_VALUE;
        SampleMatrix matrix = new SampleMatrix(ids, columns, values);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        matrix.writeTo(out);
        SampleMatrix back = SampleMatrix.readFrom(new ByteArrayInputStream(out.toByteArray()));

        assertArrayEquals(ids, back.sampleIds());
        assertArrayEquals(values, back.values());
        assertEquals(columns, back.columns());
        assertArrayEquals(new float[] { values[3], values[4], values[5] }, back.row(1));
        assertEquals(2, back.index().get(ids[2]));
    }

    @Test
    void aRowRangeReadsTheSameRowsAsTheWholeMatrix_forBothValueTypesAndPastTheEnd(@TempDir Path tmp) throws IOException {
        int rows = 1_000;
        int columns = 5;
        Random random = new Random(2);
        long[] ids = new long[rows];
        float[] values = new float[rows * columns];
        for (int i = 0; i < rows; i++)
            ids[i] = 1_000 + i;
        for (int i = 0; i < values.length; i++)
            values[i] = random.nextFloat() - 0.5f;
        SampleMatrix matrix = new SampleMatrix(ids, columns, values);
        for (SampleMatrix.Dtype dtype : SampleMatrix.Dtype.values()) {
            Path file = tmp.resolve(dtype.name());
            try (var out = Files.newOutputStream(file)) {
                matrix.writeTo(out, dtype);
            }
            SampleMatrix whole = SampleMatrix.readFrom(Files.newInputStream(file));
            try (SeekableByteChannel channel = Files.newByteChannel(file)) {
                SampleMatrix middle = SampleMatrix.readRows(channel, 300, 250);
                assertArrayEquals(Arrays.copyOfRange(ids, 300, 550), middle.sampleIds());
                assertArrayEquals(Arrays.copyOfRange(whole.values(), 300 * columns, 550 * columns), middle.values());
                SampleMatrix tail = SampleMatrix.readRows(channel, 900, 250);
                assertArrayEquals(Arrays.copyOfRange(ids, 900, 1_000), tail.sampleIds(), "the last shard is short");
                assertArrayEquals(Arrays.copyOfRange(whole.values(), 900 * columns, 1_000 * columns), tail.values());
                assertEquals(0, SampleMatrix.readRows(channel, 1_000, 250).rows());
            }
        }
    }

    @Test
    void aShapeThatDoesNotAddUpOrForeignBytesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SampleMatrix(new long[2], 3, new float[5]));
        assertThrows(UncheckedIOException.class,
                () -> SampleMatrix.readFrom(new ByteArrayInputStream("not a matrix at all".getBytes())));
    }

    @Test
    void theHeaderGivesShapeTypeAndTheHashOfTheSampleOrder() throws IOException {
        SampleMatrix matrix = new SampleMatrix(new long[] { 7, 3, 9 }, 2, new float[] { 1, 2, 3, 4, 5, 6 });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        matrix.writeTo(out, SampleMatrix.Dtype.FLOAT16);

        SampleMatrix.Header header = SampleMatrix.readHeader(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(new SampleMatrix.Header(3, 2, SampleMatrix.Dtype.FLOAT16, matrix.orderHash()), header);
        assertNotEquals(matrix.orderHash(),
                new SampleMatrix(new long[] { 3, 7, 9 }, 2, matrix.values()).orderHash(), "the order is in the hash");
        // 4 magic + 1 type + 4 rows + 4 columns + 32 hash + 3 ids × 8 + 6 values × 2
        assertEquals(45 + 24 + 12, out.size());

        byte[] bytes = out.toByteArray();
        bytes[45] ^= 1; // a sample id no longer matches the hash
        assertThrows(UncheckedIOException.class, () -> SampleMatrix.readFrom(new ByteArrayInputStream(bytes)));
    }

    @Test
    void halfPrecisionKeepsThreeDigitsAndExactHalves() throws IOException {
        float[] values = { 0f, -0f, 1f, -2.5f, 65504f, 1e-7f, 0.1f, 0.33333f, Float.POSITIVE_INFINITY, 1e6f, 6.1e-5f };
        SampleMatrix matrix = new SampleMatrix(new long[] { 1 }, values.length, values);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        matrix.writeTo(out, SampleMatrix.Dtype.FLOAT16);
        float[] back = SampleMatrix.readFrom(new ByteArrayInputStream(out.toByteArray())).values();

        assertArrayEquals(new float[] { 0f, -0f, 1f, -2.5f, 65504f }, java.util.Arrays.copyOf(back, 5));
        assertEquals(1.19e-7f, back[5], 0.01e-7f, "subnormal half");
        assertEquals(0.1f, back[6], 1e-4f);
        assertEquals(0.33333f, back[7], 2e-4f);
        assertEquals(Float.POSITIVE_INFINITY, back[8]);
        assertEquals(Float.POSITIVE_INFINITY, back[9], "beyond the half range");
        assertEquals(6.1e-5f, back[10], 1e-7f);
    }

    @Test
    void artifactsWrittenBeforeTheHeaderExistedStillRead() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream v1 = new DataOutputStream(out);
        v1.writeInt(0x4e444c4d);
        v1.writeInt(2);
        v1.writeInt(1);
        ByteBuffer body = ByteBuffer.allocate(2 * 8 + 2 * 4).order(ByteOrder.LITTLE_ENDIAN);
        body.putLong(11).putLong(12).putFloat(0.5f).putFloat(-1f);
        v1.write(body.array());

        SampleMatrix back = SampleMatrix.readFrom(new ByteArrayInputStream(out.toByteArray()));
        assertArrayEquals(new long[] { 11, 12 }, back.sampleIds());
        assertArrayEquals(new float[] { 0.5f, -1f }, back.values());
    }

    @Test
    void numpyLoadsTheNpyFiles(@TempDir Path tmp) throws Exception {
        int rows = 1000;
        int columns = 7;
        long[] ids = new long[rows];
        float[] values = new float[rows * columns];
        Random random = new Random(3);
        for (int i = 0; i < rows; i++)
            ids[i] = 5000 + 3L * i;
        for (int i = 0; i < values.length; i++)
            values[i] = (float) random.nextGaussian();
        SampleMatrix matrix = new SampleMatrix(ids, columns, values);
        ArtifactStore store = new ArtifactStore(tmp);
        String id = store.write("embeddings", matrix::writeTo);
        Path f32 = store.writeBeside(id, ".npy", out -> matrix.writeNpyTo(out, SampleMatrix.Dtype.FLOAT32));
        Path f16 = store.writeBeside(id, ".f16.npy", out -> matrix.writeNpyTo(out, SampleMatrix.Dtype.FLOAT16));
        Path order = store.writeBeside(id, ".ids.npy", matrix::writeIdsNpyTo);
        assertEquals(store.root().resolve(id + ".npy"), f32);

        // numpy prints shape, dtype, a checksum of the values and the ids; Java computes the same independently.
        String script = "import numpy as np, sys\n"
                + "a = np.load(sys.argv[1]); h = np.load(sys.argv[2]); i = np.load(sys.argv[3])\n"
                + "print(a.shape, a.dtype, h.dtype, i.dtype, i[0], i[-1])\n"
                + "print(repr(float(a.astype(np.float64).sum())), repr(float(np.abs(a - h.astype(np.float32)).max())))\n"
                + "print(repr(float(a[123, 4])))\n";
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", script, f32.toString(), f16.toString(),
                order.toString()).redirectErrorStream(true).start();
        List<String> lines = new String(python.getInputStream().readAllBytes()).lines().toList();
        assertEquals(0, python.waitFor(), String.join("\n", lines));

        assertEquals("(1000, 7) float32 float16 int64 5000 7997", lines.get(0));
        double sum = 0;
        for (float v : values)
            sum += v;
        String[] checks = lines.get(1).split(" ");
        assertEquals(sum, Double.parseDouble(checks[0]), 1e-9);
        assertTrue(Double.parseDouble(checks[1]) < 5e-3, "half precision is within its rounding: " + checks[1]);
        assertEquals(matrix.row(123)[4], Float.parseFloat(lines.get(2)));
    }
}
