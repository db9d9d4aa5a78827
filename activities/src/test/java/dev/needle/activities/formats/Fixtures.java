package dev.needle.activities.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.function.Executable;

/** A small dataset the format tests read and write against. */
public final class Fixtures {

    public static final List<String> CLASSES = List.of("car", "person", "sign");
    public static final ImageRef A = new ImageRef(1, "pool/a.png", 100, 50);
    public static final ImageRef B = new ImageRef(2, "pool/sub/b.png", 64, 64);
    public static final ImageRef C = new ImageRef(3, "pool/c.png", 80, 60);
    public static final Catalog CATALOG = new Catalog(List.of(A, B, C));

    private Fixtures() {
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The call fails naming this file and field. */
    public static FormatException assertFault(String file, String field, Executable call) {
        FormatException e = assertThrows(FormatException.class, call);
        assertEquals(file, e.file(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        return e;
    }
}
