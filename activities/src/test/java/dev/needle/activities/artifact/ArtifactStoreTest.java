package dev.needle.activities.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.needle.activities.BadInputException;

class ArtifactStoreTest {

    @TempDir
    Path root;

    @Test
    void theSameBytesGetTheSameIdSoARetryLeavesNoSecondCopy() throws IOException {
        ArtifactStore store = new ArtifactStore(root);
        String first = store.write("scores", out -> out.write(new byte[] { 1, 2, 3 }));
        String again = store.write("scores", out -> out.write(new byte[] { 1, 2, 3 }));
        String other = store.write("scores", out -> out.write(new byte[] { 1, 2, 4 }));

        assertEquals(first, again);
        assertNotEquals(first, other);
        assertTrue(first.startsWith("scores/"));
        assertArrayEquals(new byte[] { 1, 2, 3 }, store.read(first));
        try (Stream<Path> files = Files.list(root.resolve("scores"))) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void aWriteThatFailsHalfwayLeavesNothingBehind() throws IOException {
        ArtifactStore store = new ArtifactStore(root);
        assertThrows(UncheckedIOException.class, () -> store.write("model", out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        }));
        assertFalse(Files.exists(root.resolve("model")));
        try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
            assertEquals(0, files.count(), "no temporary file is left");
        }
    }

    @Test
    void idsThatCouldEscapeTheFolderOrDoNotExistAreRefused() {
        ArtifactStore store = new ArtifactStore(root);
        BadInputException traversal = assertThrows(BadInputException.class, () -> store.read("../../etc/passwd"));
        assertEquals("artifact", traversal.field());
        assertThrows(BadInputException.class, () -> store.read("model/" + "a".repeat(40)));
        assertFalse(store.exists("../x"));
    }
}
