package dev.needle.activities.formats.lightly;

import static dev.needle.activities.formats.Fixtures.A;
import static dev.needle.activities.formats.Fixtures.B;
import static dev.needle.activities.formats.Fixtures.CATALOG;
import static dev.needle.activities.formats.Fixtures.assertFault;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.needle.activities.formats.FormatException;
import dev.needle.activities.formats.ImageRef;

class LightlyEmbeddingsTest {

    private static final String F = "embeddings.csv";

    @Test
    void readsLightlysHeaderWithTheOptionalColumnsAndMatchesRowsToImages() {
        LightlyEmbeddings.Rows rows = LightlyEmbeddings.parse(F, """
                filenames,embedding_0,embedding_1,embedding_2,labels,masked,selected
                a.png,0.5,-1,2e-3,0,0,1
                sub/b.png,1,2,3,0,1,0
                """, CATALOG);
        assertEquals(3, rows.dimension());
        assertEquals(List.of(A, B), rows.images());
        assertArrayEquals(new float[] { 0.5f, -1f, 0.002f }, rows.vectors().get(0));
    }

    @Test
    void roundTrip_writeThenReadGivesTheSameVectors() {
        List<float[]> vectors = List.of(new float[] { 0.25f, -3.5f }, new float[] { 1e-7f, 42f });
        String csv = LightlyEmbeddings.write(List.of(A.path(), B.path()), vectors);
        LightlyEmbeddings.Rows again = LightlyEmbeddings.parse(F, csv, CATALOG);
        assertEquals(List.of(A, B), again.images());
        for (int i = 0; i < vectors.size(); i++)
            assertArrayEquals(vectors.get(i), again.vectors().get(i));
        assertEquals(csv, LightlyEmbeddings.write(again.images().stream().map(ImageRef::path).toList(), again.vectors()));
    }

    @Test
    void malformedFilesAreRefusedNamingFileAndField() {
        assertFault(F, "header", () -> LightlyEmbeddings.parse(F, "name,embedding_0,labels\na.png,1,0\n", CATALOG));
        assertFault(F, "header", () -> LightlyEmbeddings.parse(F, "filenames,embedding_0,embedding_2,labels\n", CATALOG));
        assertFault(F, "header", () -> LightlyEmbeddings.parse(F, "filenames,embedding_0,extra\na.png,1,0\n", CATALOG));
        assertFault(F, "line 3", () -> LightlyEmbeddings.parse(F,
                "filenames,embedding_0,embedding_1,labels\na.png,1,2,0\nsub/b.png,1,0\n", CATALOG));
        assertFault(F, "line 2.embedding_1", () -> LightlyEmbeddings.parse(F,
                "filenames,embedding_0,embedding_1,labels\na.png,1,x,0\n", CATALOG));
        assertFault(F, "line 2.embedding_0", () -> LightlyEmbeddings.parse(F,
                "filenames,embedding_0,labels\na.png,NaN,0\n", CATALOG));
        assertFault(F, "line 3.filenames", () -> LightlyEmbeddings.parse(F,
                "filenames,embedding_0,labels\na.png,1,0\nghost.png,1,0\n", CATALOG));
        assertFault(F, "line 3.filenames", () -> LightlyEmbeddings.parse(F,
                "filenames,embedding_0,labels\na.png,1,0\npool/a.png,1,0\n", CATALOG));
    }

    @Test
    void aHeaderWiderThanTheDimensionLimitIsRefusedBeforeAnyRowIsRead() {
        String four = header(4) + "a.png,1,2,3,4,0\n";
        assertEquals(4, LightlyEmbeddings.parse(F, new StringReader(four), CATALOG, 4).dimension());
        FormatException exact = assertFault(F, "header",
                () -> LightlyEmbeddings.parse(F, new StringReader(four), CATALOG, 3));
        assertTrue(exact.reason().contains("has 4 embedding columns"), exact.reason());
        assertTrue(exact.reason().contains(LightlyEmbeddings.DIMENSION_SETTING), exact.reason());

        // A million columns: refused while the header streams in, after a few kilobytes, without holding the line.
        int[] served = { 0 };
        Reader huge = new Reader() {
            private final String text = header(1_000_000);

            @Override
            public int read(char[] buffer, int offset, int length) {
                if (served[0] >= text.length())
                    return -1;
                int n = Math.min(length, text.length() - served[0]);
                text.getChars(served[0], served[0] + n, buffer, offset);
                served[0] += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
        FormatException wide = assertFault(F, "header", () -> LightlyEmbeddings.parse(F, huge, CATALOG, 4096));
        assertTrue(wide.reason().contains("4096"), wide.reason());
        assertTrue(served[0] < 200_000, "read " + served[0] + " characters of the header before refusing it");

        // A row as wide as that after a fine header is refused at its line.
        String wideRow = header(2) + "a.png," + "1,".repeat(5000) + "0\n";
        assertFault(F, "line 2", () -> LightlyEmbeddings.parse(F, new StringReader(wideRow), CATALOG, 16));
    }

    private static String header(int d) {
        StringBuilder h = new StringBuilder("filenames");
        for (int j = 0; j < d; j++)
            h.append(",embedding_").append(j);
        return h.append(",labels\n").toString();
    }
}
