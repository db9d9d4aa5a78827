package dev.needle.activities.artifact;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import dev.needle.activities.BadInputException;

/**
 * Content-addressed files in a folder. An artifact's id is {@code <kind>/<hash>}: writing the same bytes twice gives
 * the same id, so a retried activity never leaves a second copy, and ids are safe to pass through Temporal.
 * Writes go to a temporary file first and are renamed into place, so a reader never sees half an artifact.
 */
public final class ArtifactStore {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,40}/[0-9a-f]{40}");

    /** Writes an artifact's bytes to the stream it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path root;

    public ArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Stores what {@code content} writes under {@code kind}; returns the artifact's id. */
    public String write(String kind, Content content) {
        try {
            Path tmpDir = Files.createDirectories(root.resolve("tmp"));
            Path tmp = Files.createTempFile(tmpDir, kind, ".part");
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16),
                        sha)) {
                    content.writeTo(out);
                }
                String id = kind + "/" + HexFormat.of().formatHex(sha.digest()).substring(0, 40);
                Path target = pathOf(id);
                Files.createDirectories(target.getParent());
                moveIntoPlace(tmp, target);
                return id;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a " + kind + " artifact under " + root, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a companion file beside an artifact, {@code <kind>/<hash><suffix>} (e.g. a {@code .npy} export of an
     * embedding matrix); returns its path. Derived from the artifact, so rewriting it on a retry is harmless.
     */
    public Path writeBeside(String id, String suffix, Content content) {
        Path target = beside(id, suffix);
        try {
            Path tmp = Files.createTempFile(Files.createDirectories(root.resolve("tmp")), "beside", ".part");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    content.writeTo(out);
                }
                moveIntoPlace(tmp, target);
                return target;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target, e);
        }
    }

    /** Where {@link #writeBeside} puts an artifact's companion file; it may not exist yet. */
    public Path beside(String id, String suffix) {
        if (!suffix.matches("\\.[a-z0-9.]{1,20}"))
            throw new IllegalArgumentException("not a file suffix: " + suffix);
        return root.resolve(pathOf(id).getParent()).resolve(id.substring(id.indexOf('/') + 1) + suffix);
    }

    public InputStream open(String id) {
        try {
            return Files.newInputStream(pathOf(id));
        } catch (NoSuchFileException e) {
            throw new BadInputException("artifact", "no artifact " + id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The artifact as a channel that can seek: for reading part of a large one. */
    public SeekableByteChannel openChannel(String id) {
        try {
            return Files.newByteChannel(pathOf(id));
        } catch (NoSuchFileException e) {
            throw new BadInputException("artifact", "no artifact " + id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample matrices of several artifacts, their rows one after the other: how shards merge. */
    public SampleMatrix readConcatenated(List<String> ids) {
        List<SampleMatrix> parts = new ArrayList<>();
        int columns = 0;
        for (String id : ids) {
            SampleMatrix part = SampleMatrix.readFrom(open(id));
            columns = Math.max(columns, part.columns());
            parts.add(part);
        }
        return SampleMatrix.concat(columns, parts);
    }

    public byte[] read(String id) {
        try (InputStream in = open(id)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The artifact's file, for a reader that takes a path (ONNX Runtime loads a network from one). */
    public Path file(String id) {
        Path file = pathOf(id);
        if (!Files.isRegularFile(file))
            throw new BadInputException("artifact", "no artifact " + id);
        return file;
    }

    public boolean exists(String id) {
        return ID.matcher(id).matches() && Files.isRegularFile(pathOf(id));
    }

    private Path pathOf(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new BadInputException("artifact", "not an artifact id: " + id);
        }
        return root.resolve(id + ".bin");
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
