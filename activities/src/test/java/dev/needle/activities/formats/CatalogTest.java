package dev.needle.activities.formats;

import static dev.needle.activities.formats.Fixtures.A;
import static dev.needle.activities.formats.Fixtures.B;
import static dev.needle.activities.formats.Fixtures.CATALOG;
import static dev.needle.activities.formats.Fixtures.assertFault;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CatalogTest {

    @Test
    void aNameMatchesItsPathThePathUnderPoolOrAUniqueBaseName() {
        assertEquals(A, CATALOG.require("pool/a.png", "f", "x"));
        assertEquals(B, CATALOG.require("sub/b.png", "f", "x"));
        assertEquals(B, CATALOG.require("b.png", "f", "x"));
        assertEquals(A, CATALOG.require("./a.png", "f", "x"));
    }

    @Test
    void anUnknownOrAmbiguousNameIsRefusedWithFileAndField() {
        assertTrue(assertFault("f.csv", "line 3.filenames", () -> CATALOG.require("zzz.png", "f.csv", "line 3.filenames"))
                .reason().contains("unknown image zzz.png"));
        Catalog twins = new Catalog(List.of(new ImageRef(1, "pool/x/a.png", 1, 1), new ImageRef(2, "pool/y/a.png", 1, 1)));
        assertTrue(assertFault("f", "g", () -> twins.require("a.png", "f", "g")).reason().contains("matches 2 images"));
    }
}
