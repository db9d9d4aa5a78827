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
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A float matrix whose rows belong to samples: embeddings, predicted probabilities and scores all travel in this
 * one format.
 *
 * <p>
 * Binary: a header — magic {@code NDL2}, {@link Dtype}, rows, columns, and the SHA-256 of the sample order (the ids
 * as little-endian longs), so two matrices can be checked to line up without reading them — then the sample ids,
 * then the values row by row, little-endian, as float32 or half precision. {@link #readFrom} also reads the first
 * version ({@code NDLM}: rows, columns, ids, float32 values), so artifacts written before the header existed stay
 * usable. {@link #writeNpyTo} writes the values as a numpy {@code .npy} file for people who want them outside Needle.
 */
public record SampleMatrix(long[] sampleIds, int columns, float[] values) {

    /** How values are stored; reading always gives float32. */
    public enum Dtype {
        FLOAT32(4, "<f4"),
        /** Half the size; about three significant digits, plenty for unit-norm embeddings. */
        FLOAT16(2, "<f2");

        final int bytes;
        final String numpy;

        Dtype(int bytes, String numpy) {
            this.bytes = bytes;
            this.numpy = numpy;
        }
    }

    /** What the header says, without the data. */
    public record Header(int rows, int columns, Dtype dtype, String orderHash) {
    }

    private static final int MAGIC_V1 = 0x4e444c4d; // "NDLM"
    private static final int MAGIC = 0x4e444c32; // "NDL2"
    private static final int CHUNK = 1 << 16;
    /** Header sizes: magic, dtype, rows, columns, order hash; the first version has magic, rows, columns only. */
    private static final int HEADER_BYTES = 4 + 1 + 4 + 4 + 32;
    private static final int V1_HEADER_BYTES = 4 + 4 + 4;

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

    /** The rows of several matrices with the same columns, one after the other. */
    public static SampleMatrix concat(int columns, Iterable<SampleMatrix> parts) {
        int rows = 0;
        for (SampleMatrix part : parts) {
            if (part.columns != columns && part.rows() > 0)
                throw new IllegalArgumentException("a part has " + part.columns + " columns, expected " + columns);
            rows = Math.addExact(rows, part.rows());
        }
        long[] ids = new long[rows];
        float[] values = new float[Math.multiplyExact(rows, columns)];
        int at = 0;
        for (SampleMatrix part : parts) {
            System.arraycopy(part.sampleIds, 0, ids, at, part.rows());
            System.arraycopy(part.values, 0, values, at * columns, part.values.length);
            at += part.rows();
        }
        return new SampleMatrix(ids, columns, values);
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

    /** SHA-256 (hex) of the sample ids in row order: equal hashes mean the rows are the same samples in the same order. */
    public String orderHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            writeIds(new OutputStream() {
                @Override
                public void write(int b) {
                    sha.update((byte) b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    sha.update(b, off, len);
                }
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void writeTo(OutputStream sink) throws IOException {
        writeTo(sink, Dtype.FLOAT32);
    }

    public void writeTo(OutputStream sink, Dtype dtype) throws IOException {
        DataOutputStream out = new DataOutputStream(sink);
        out.writeInt(MAGIC);
        out.writeByte(dtype.ordinal());
        out.writeInt(sampleIds.length);
        out.writeInt(columns);
        out.write(HexFormat.of().parseHex(orderHash()));
        writeIds(out);
        writeValues(out, dtype, ByteBuffer.allocate(CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN));
        out.flush();
    }

    /**
     * The values as a numpy {@code .npy} file (format 1.0), rows × columns: {@code numpy.load} reads it as is. Row i is
     * sample {@code sampleIds()[i]}.
     */
    public void writeNpyTo(OutputStream sink, Dtype dtype) throws IOException {
        writeNpyHeader(sink, dtype.numpy, "(" + rows() + ", " + columns + ")");
        writeValues(sink, dtype, ByteBuffer.allocate(CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN));
        sink.flush();
    }

    /** The sample ids, the matrix's row order, as a numpy {@code .npy} file of int64. */
    public void writeIdsNpyTo(OutputStream sink) throws IOException {
        writeNpyHeader(sink, "<i8", "(" + rows() + ",)");
        writeIds(sink);
        sink.flush();
    }

    private static void writeNpyHeader(OutputStream sink, String descr, String shape) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        // The magic (6), version (2) and length (2) plus the header end on a multiple of 64 bytes, newline last.
        int padded = (10 + dict.length() + 1 + 63) / 64 * 64 - 10;
        sink.write(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) padded, (byte) (padded >>> 8) });
        sink.write((dict + " ".repeat(padded - dict.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private void writeIds(OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < sampleIds.length; start += CHUNK) {
            buffer.clear();
            for (int i = start; i < Math.min(sampleIds.length, start + CHUNK); i++)
                buffer.putLong(sampleIds[i]);
            out.write(buffer.array(), 0, buffer.position());
        }
    }

    private void writeValues(OutputStream out, Dtype dtype, ByteBuffer buffer) throws IOException {
        int perChunk = buffer.capacity() / dtype.bytes;
        for (int start = 0; start < values.length; start += perChunk) {
            buffer.clear();
            int end = Math.min(values.length, start + perChunk);
            if (dtype == Dtype.FLOAT32) {
                for (int i = start; i < end; i++)
                    buffer.putFloat(values[i]);
            } else {
                for (int i = start; i < end; i++)
                    buffer.putShort(Half.fromFloat(values[i]));
            }
            out.write(buffer.array(), 0, buffer.position());
        }
    }

    /** Reads only the header (the first version has no dtype or hash: float32, hash null). */
    public static Header readHeader(InputStream source) {
        try {
            return header(new DataInputStream(source));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable sample matrix", e);
        }
    }

    private static Header header(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic == MAGIC_V1)
            return new Header(in.readInt(), in.readInt(), Dtype.FLOAT32, null);
        if (magic != MAGIC)
            throw new IOException("not a sample matrix");
        int code = in.readUnsignedByte();
        if (code >= Dtype.values().length)
            throw new IOException("unknown value type " + code);
        int rows = in.readInt();
        int columns = in.readInt();
        if (rows < 0 || columns < 0)
            throw new IOException("corrupt header: " + rows + " × " + columns);
        byte[] hash = new byte[32];
        in.readFully(hash);
        return new Header(rows, columns, Dtype.values()[code], HexFormat.of().formatHex(hash));
    }

    public static SampleMatrix readFrom(InputStream source) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(source, 1 << 16))) {
            Header header = header(in);
            int rows = header.rows();
            long[] ids = readIds(in, rows);
            float[] values = readValues(in, header.dtype(), Math.multiplyExact(rows, header.columns()));
            SampleMatrix matrix = new SampleMatrix(ids, header.columns(), values);
            if (header.orderHash() != null && !header.orderHash().equals(matrix.orderHash()))
                throw new IOException("corrupt: the sample ids do not match the header's order hash");
            return matrix;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable sample matrix", e);
        }
    }

    /**
     * Rows {@code from} to {@code from + count} of a stored matrix (fewer past its end), reached by seeking: a shard of
     * a large matrix reads its rows and ids only. The order hash covers every id, so it is not checked here.
     */
    public static SampleMatrix readRows(SeekableByteChannel source, int from, int count) {
        if (from < 0 || count < 0)
            throw new IllegalArgumentException("no rows " + from + " + " + count);
        try {
            source.position(0);
            Header header = header(new DataInputStream(new BufferedInputStream(Channels.newInputStream(source), 64)));
            long headerBytes = header.orderHash() == null ? V1_HEADER_BYTES : HEADER_BYTES;
            int start = Math.min(from, header.rows());
            int rows = Math.min(count, header.rows() - start);
            source.position(headerBytes + 8L * start);
            long[] ids = readIds(new DataInputStream(Channels.newInputStream(source)), rows);
            source.position(headerBytes + 8L * header.rows() + (long) start * header.columns() * header.dtype().bytes);
            float[] values = readValues(new DataInputStream(Channels.newInputStream(source)), header.dtype(),
                    Math.multiplyExact(rows, header.columns()));
            return new SampleMatrix(ids, header.columns(), values);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable sample matrix", e);
        }
    }

    private static long[] readIds(DataInputStream in, int rows) throws IOException {
        long[] ids = new long[rows];
        byte[] bytes = new byte[Math.min(rows, CHUNK) * 8];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < rows; start += CHUNK) {
            int count = Math.min(CHUNK, rows - start);
            in.readFully(bytes, 0, count * 8);
            buffer.clear();
            for (int i = 0; i < count; i++)
                ids[start + i] = buffer.getLong();
        }
        return ids;
    }

    private static float[] readValues(DataInputStream in, Dtype dtype, int length) throws IOException {
        float[] values = new float[length];
        byte[] bytes = new byte[CHUNK * 8];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = bytes.length / dtype.bytes;
        for (int start = 0; start < length; start += perChunk) {
            int count = Math.min(perChunk, length - start);
            in.readFully(bytes, 0, count * dtype.bytes);
            buffer.clear();
            if (dtype == Dtype.FLOAT32) {
                for (int i = 0; i < count; i++)
                    values[start + i] = buffer.getFloat();
            } else {
                for (int i = 0; i < count; i++)
                    values[start + i] = Half.toFloat(buffer.getShort());
            }
        }
        return values;
    }
}
