package dev.needle.activities.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

import org.junit.jupiter.api.Test;

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
    void aShapeThatDoesNotAddUpOrForeignBytesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SampleMatrix(new long[2], 3, new float[5]));
        assertThrows(UncheckedIOException.class,
                () -> SampleMatrix.readFrom(new ByteArrayInputStream("not a matrix at all".getBytes())));
    }
}
