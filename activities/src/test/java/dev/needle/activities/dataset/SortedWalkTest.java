package dev.needle.activities.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SortedWalkTest {

    @TempDir
    Path tmp;

    @Test
    void filesComeSortedPerDirectoryDepthFirst_whateverOrderTheyWereCreatedIn() throws IOException {
        List<String> files = new ArrayList<>(List.of("b/2.png", "b/10.png", "a.png", "c/x/y/z.png", "c/a.png", "B.png",
                "b/sub/1.png", "empty/.keep"));
        Collections.shuffle(files, new Random(4));
        for (String f : files) {
            Files.createDirectories(tmp.resolve(f).getParent());
            Files.writeString(tmp.resolve(f), f);
        }
        Files.createDirectories(tmp.resolve("only-dirs/deeper"));
        Files.createSymbolicLink(tmp.resolve("link.png"), tmp.resolve("a.png"));
        Files.createSymbolicLink(tmp.resolve("loop"), tmp);

        List<String> seen = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        SortedWalk.files(tmp, (relative, file, attributes) -> {
            seen.add(relative);
            sizes.add(attributes.size());
            assertEquals(tmp.resolve(relative), file);
        });

        assertEquals(List.of("B.png", "a.png", "b/10.png", "b/2.png", "b/sub/1.png", "c/a.png", "c/x/y/z.png",
                "empty/.keep"), seen, "links are not followed");
        assertEquals((long) "b/10.png".length(), sizes.get(2));
    }
}
