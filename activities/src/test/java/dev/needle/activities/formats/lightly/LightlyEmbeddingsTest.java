package dev.needle.activities.formats.lightly;

import static dev.needle.activities.formats.Fixtures.A;
import static dev.needle.activities.formats.Fixtures.B;
import static dev.needle.activities.formats.Fixtures.CATALOG;
import static dev.needle.activities.formats.Fixtures.assertFault;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

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
}
