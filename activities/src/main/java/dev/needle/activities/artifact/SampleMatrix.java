package dev.needle.activities.artifact;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A float matrix whose rows belong to samples: embeddings, predicted probabilities and scores all travel in this
 * one format. Binary, little-endian: magic, rows, columns, the row's sample ids, then the values row by row.
 */
public record SampleMatrix(long[] sampleIds, int columns, float[] values) {

    private static final int MAGIC = 0x4e444c4d; // "NDLM"
    private static final int CHUNK = 1 << 16;

    public SampleMatrix {
        if ((long) sampleIds.length * columns != values.length) {
            throw new IllegalArgumentException(
                    sampleIds.length + " rows × " + columns + " columns needs " + (long) sampleIds.length * columns
                            + " values, got " + values.length);
        }
    }

    public static SampleMatrix of(long[] sampleIds, float[][] rows, int columns) {
        float[] values = new float[sampleIds.length * columns];
        for (int i = 0; i < rows.length; i++)
            System.arraycopy(rows[i], 0, values, i * columns, columns);
        return new SampleMatrix(sampleIds, columns, values);
    }

    public int rows() {
        return sampleIds.length;
    }

    public float[] row(int i) {
        return Arrays.copyOfRange(values, i * columns, (i + 1) * columns);
    }

    /** Row index of each sample id. */
    public Map<Long, Integer> index() {
        Map<Long, Integer> index = new HashMap<>(sampleIds.length * 2);
        for (int i = 0; i < sampleIds.length; i++)
            index.put(sampleIds[i], i);
        return index;
    }

    public void writeTo(OutputStream sink) throws IOException {
        DataOutputStream out = new DataOutputStream(sink);
        out.writeInt(MAGIC);
        out.writeInt(sampleIds.length);
        out.writeInt(columns);
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < sampleIds.length; start += CHUNK) {
            buffer.clear();
            int end = Math.min(sampleIds.length, start + CHUNK);
            for (int i = start; i < end; i++)
                buffer.putLong(sampleIds[i]);
            out.write(buffer.array(), 0, buffer.position());
        }
        for (int start = 0; start < values.length; start += CHUNK * 2) {
            buffer.clear();
            int end = Math.min(values.length, start + CHUNK * 2);
            for (int i = start; i < end; i++)
                buffer.putFloat(values[i]);
            out.write(buffer.array(), 0, buffer.position());
        }
        out.flush();
    }

    public static SampleMatrix readFrom(InputStream source) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(source, 1 << 16))) {
            if (in.readInt() != MAGIC)
                throw new IOException("not a sample matrix");
            int rows = in.readInt();
            int columns = in.readInt();
            long[] ids = new long[rows];
            float[] values = new float[Math.multiplyExact(rows, columns)];
            byte[] bytes = new byte[CHUNK * 8];
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int start = 0; start < rows; start += CHUNK) {
                int count = Math.min(CHUNK, rows - start);
                in.readFully(bytes, 0, count * 8);
                buffer.clear();
                for (int i = 0; i < count; i++)
                    ids[start + i] = buffer.getLong();
            }
            for (int start = 0; start < values.length; start += CHUNK * 2) {
                int count = Math.min(CHUNK * 2, values.length - start);
                in.readFully(bytes, 0, count * 4);
                buffer.clear();
                for (int i = 0; i < count; i++)
                    values[start + i] = buffer.getFloat();
            }
            return new SampleMatrix(ids, columns, values);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable sample matrix", e);
        }
    }
}
