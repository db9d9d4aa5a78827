package dev.needle.eval;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import javax.imageio.ImageIO;

/**
 * Fashion-MNIST as Needle reads it: a folder of PNGs, the first {@code poolSize} training images under {@code pool/}
 * (no class in the name) and the first {@code evalSize} test images under {@code eval/<class>/}. Written once per size
 * and reused; the pool's true classes are kept aside for the simulated annotator.
 */
public final class FashionMnist {

    /** Debian's {@code dataset-fashion-mnist}. */
    public static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
    public static final List<String> CLASSES = List.of("t-shirt-top", "trouser", "pullover", "dress", "coat", "sandal",
            "shirt", "sneaker", "bag", "ankle-boot");
    public static final int TRAIN_SIZE = 60_000;
    public static final int TEST_SIZE = 10_000;

    private static final String COMPLETE = ".complete";

    /** A written dataset: its folder (to register with Needle) and the pool's truth, file name → class. */
    public record Folder(Path path, Map<String, String> poolTruth) {
    }

    private FashionMnist() {
    }

    /**
     * Writes (or finds, from an earlier run) {@code <datasetsRoot>/fashion-mnist-<pool>-<eval>/}.
     *
     * @throws IllegalStateException naming the Debian package when the source files are absent
     */
    public static Folder write(Path source, Path datasetsRoot, int poolSize, int evalSize) {
        if (poolSize < 1 || poolSize > TRAIN_SIZE)
            throw new IllegalArgumentException("pool size must be 1.." + TRAIN_SIZE + ", was " + poolSize);
        if (evalSize < 1 || evalSize > TEST_SIZE)
            throw new IllegalArgumentException("eval size must be 1.." + TEST_SIZE + ", was " + evalSize);
        Path folder = datasetsRoot.resolve("fashion-mnist-" + poolSize + "-" + evalSize);
        try {
            byte[] trainLabels = labels(source.resolve("train-labels-idx1-ubyte.gz"), poolSize);
            Map<String, String> truth = new LinkedHashMap<>();
            for (int i = 0; i < poolSize; i++)
                truth.put(poolName(i), CLASSES.get(trainLabels[i]));
            if (Files.exists(folder.resolve(COMPLETE)))
                return new Folder(folder, truth);

            Files.createDirectories(folder);
            writeImages(source.resolve("train-images-idx3-ubyte.gz"), poolSize, i -> folder.resolve(poolName(i)));
            byte[] testLabels = labels(source.resolve("t10k-labels-idx1-ubyte.gz"), evalSize);
            writeImages(source.resolve("t10k-images-idx3-ubyte.gz"), evalSize,
                    i -> folder.resolve("eval/" + CLASSES.get(testLabels[i]) + String.format("/test-%05d.png", i)));
            Files.writeString(folder.resolve(COMPLETE), "");
            return new Folder(folder, truth);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Fashion-MNIST to " + folder, e);
        }
    }

    static String poolName(int index) {
        return String.format("pool/train-%05d.png", index);
    }

    private static byte[] labels(Path file, int count) throws IOException {
        try (DataInputStream in = open(file, 0x801)) {
            int total = in.readInt();
            if (count > total)
                throw new IOException(file + " has " + total + " labels, " + count + " wanted");
            byte[] labels = in.readNBytes(count);
            for (byte label : labels) {
                if (label < 0 || label >= CLASSES.size())
                    throw new IOException(file + ": label " + label + " out of range");
            }
            return labels;
        }
    }

    private interface Naming {
        Path of(int index);
    }

    private static void writeImages(Path file, int count, Naming naming) throws IOException {
        try (DataInputStream in = open(file, 0x803)) {
            int total = in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            if (count > total)
                throw new IOException(file + " has " + total + " images, " + count + " wanted");
            byte[] pixels = new byte[rows * columns];
            List<Path> folders = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                in.readFully(pixels);
                BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
                image.getRaster().setDataElements(0, 0, columns, rows, pixels);
                Path target = naming.of(i);
                if (!folders.contains(target.getParent())) {
                    Files.createDirectories(target.getParent());
                    folders.add(target.getParent());
                }
                ImageIO.write(image, "png", target.toFile());
            }
        }
    }

    private static DataInputStream open(Path file, int magic) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Fashion-MNIST not found: " + file
                    + " is missing; install Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");
        }
        InputStream raw = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        DataInputStream in = new DataInputStream(raw);
        int got = in.readInt();
        if (got != magic) {
            in.close();
            throw new IOException(file + ": magic " + Integer.toHexString(got) + ", expected " + Integer.toHexString(magic));
        }
        return in;
    }
}
