package dev.needle.activities.dataset;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Visits the regular files under a folder in a deterministic order — each directory's entries sorted by name, depth
 * first — holding only the names of the directories on the current path in memory, never the whole tree's listing.
 * {@code Files.walk} also streams but in whatever order the file system gives, which differs between machines and
 * copies of the same folder; sample ids follow this order, so it must not.
 */
public final class SortedWalk {

    /** Receives each regular file: its path relative to the root with '/' separators, and its attributes. */
    @FunctionalInterface
    public interface Visitor {
        void file(String relative, Path file, BasicFileAttributes attributes) throws IOException;
    }

    private SortedWalk() {
    }

    /** Symbolic links are not followed, so a link cannot lead the walk outside the folder or round in a loop. */
    public static void files(Path root, Visitor visitor) throws IOException {
        Deque<Iterator<String>> stack = new ArrayDeque<>();
        Deque<Path> dirs = new ArrayDeque<>();
        stack.push(sortedNames(root));
        dirs.push(root);
        while (!stack.isEmpty()) {
            if (!stack.peek().hasNext()) {
                stack.pop();
                dirs.pop();
                continue;
            }
            Path path = dirs.peek().resolve(stack.peek().next());
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                continue; // vanished while walking
            }
            if (attributes.isDirectory()) {
                stack.push(sortedNames(path));
                dirs.push(path);
            } else if (attributes.isRegularFile()) {
                visitor.file(root.relativize(path).toString().replace('\\', '/'), path, attributes);
            }
        }
    }

    private static Iterator<String> sortedNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries)
                names.add(entry.getFileName().toString());
        }
        names.sort(null);
        return names.iterator();
    }
}
