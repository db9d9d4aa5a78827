package dev.needle.activities.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

class ImageDescriptorTest {

    static final Path DEMO = Path.of("../web/src/main/resources/demo/fashion-mnist");

    static ImageDescriptor descriptor;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        descriptor = new ImageDescriptor();
    }

    /** The demo's eval split, by class folder name. */
    static Map<String, List<Path>> evalByClass() throws IOException {
        Map<String, List<Path>> byClass = new TreeMap<>();
        try (Stream<Path> files = Files.walk(DEMO.resolve("eval"))) {
            files.filter(p -> p.toString().endsWith(".png")).sorted()
                    .forEach(p -> byClass.computeIfAbsent(p.getParent().getFileName().toString(), k -> new ArrayList<>())
                            .add(p));
        }
        return byClass;
    }

    static Path anyDemoImage() throws IOException {
        return evalByClass().get("ankle-boot").get(0);
    }

    /** A 1164×874 colour scene (smooth noise, a gradient, shapes), JPEG-encoded like a camera frame. */
    static byte[] photo(long seed, int width, int height) {
        Mat noise = new Mat(height / 8, width / 8, CvType.CV_8UC3);
        Core.setRNGSeed((int) seed);
        Core.randu(noise, 0, 255);
        Mat scene = new Mat();
        Imgproc.resize(noise, scene, new Size(width, height), 0, 0, Imgproc.INTER_CUBIC);
        Imgproc.circle(scene, new Point(width * 0.3, height * 0.5), height / 5, new Scalar(250, 240, 230), -1);
        Imgproc.rectangle(scene, new Point(width * 0.6, height * 0.2), new Point(width * 0.9, height * 0.7),
                new Scalar(10, 20, 30), -1);
        MatOfByte out = new MatOfByte();
        Imgcodecs.imencode(".jpg", scene, out, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90));
        return out.toArray();
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (double) a[k] * b[k];
        }
        return s;
    }

    @Test
    void vectorsHaveTheAdvertisedDimensionAndUnitNorm() throws IOException {
        assertEquals("opencv-thumb-hog-v2", descriptor.id());
        assertEquals(16 * 16 + 324, descriptor.dimension());
        Path photo = Files.write(tmp.resolve("photo.jpg"), photo(1, 1164, 874));
        for (Path file : List.of(anyDemoImage(), photo)) {
            float[] v = descriptor.embed(file);
            assertEquals(descriptor.dimension(), v.length);
            assertEquals(1.0, Math.sqrt(dot(v, v)), 1e-5);
        }
    }

    @Test
    void embeddingIsDeterministicAcrossCallsAndThreads() throws Exception {
        List<Path> files = evalByClass().values().stream().flatMap(l -> l.subList(0, 5).stream()).toList();
        float[][] one = descriptor.embedAll(files, 1).vectors();
        float[][] two = descriptor.embedAll(files, 2).vectors();
        for (int i = 0; i < files.size(); i++) {
            assertArrayEquals(one[i], two[i]);
            assertArrayEquals(one[i], descriptor.embed(files.get(i)));
        }
    }

    @Test
    void theSameFileGivesTheSameBitsAfterTheJitHasCompiledEverything() throws IOException {
        // OpenCV's own HOG changed its output in the last bit after ~2,000 calls in one JVM; this guards against any
        // float-sensitive code path creeping back.
        byte[] png = Files.readAllBytes(anyDemoImage());
        float[] first = descriptor.embed(png);
        for (int i = 0; i < 5_000; i++) {
            assertArrayEquals(first, descriptor.embed(png), "call " + i);
        }
    }

    @Test
    void imagesOfOneClassAreMoreAlikeThanImagesOfDifferentClasses() throws Exception {
        Map<String, List<Path>> byClass = evalByClass();
        assertEquals(10, byClass.size());
        List<String> labels = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        byClass.forEach((label, list) -> list.forEach(p -> {
            labels.add(label);
            files.add(p);
        }));
        float[][] v = descriptor.embedAll(files, 2).vectors();
        double same = 0;
        double different = 0;
        long sameCount = 0;
        long differentCount = 0;
        for (int i = 0; i < v.length; i++) {
            for (int j = i + 1; j < v.length; j++) {
                double s = dot(v[i], v[j]);
                if (labels.get(i).equals(labels.get(j))) {
                    same += s;
                    sameCount++;
                } else {
                    different += s;
                    differentCount++;
                }
            }
        }
        same /= sameCount;
        different /= differentCount;
        System.out.printf("mean cosine similarity on the demo eval split: same class %.3f, different classes %.3f%n",
                same, different);
        assertTrue(same > different + 0.1, "same " + same + ", different " + different);
    }

    @Test
    void aLargePhotoAndItsSmallCopyGetSimilarVectors() throws IOException {
        byte[] large = photo(2, 1164, 874);
        Mat decoded = Imgcodecs.imdecode(new MatOfByte(large), Imgcodecs.IMREAD_COLOR);
        Mat small = new Mat();
        Imgproc.resize(decoded, small, new Size(146, 110), 0, 0, Imgproc.INTER_AREA);
        MatOfByte png = new MatOfByte();
        Imgcodecs.imencode(".png", small, png);
        double similarity = dot(descriptor.embed(large), descriptor.embed(png.toArray()));
        assertTrue(similarity > 0.9, "similarity " + similarity);
        assertTrue(dot(descriptor.embed(large), descriptor.embed(photo(3, 1164, 874))) < similarity);
    }

    @Test
    void everySupportedFormatDecodesToTheSameImage() throws IOException {
        Mat image = Imgcodecs.imread(anyDemoImage().toString(), Imgcodecs.IMREAD_GRAYSCALE);
        Mat wide = new Mat();
        Imgproc.resize(image, wide, new Size(56, 40));
        float[] reference = descriptor.embed(encode(".png", wide));
        for (String ext : List.of(".bmp", ".tiff", ".pgm", ".webp", ".jpg")) {
            byte[] encoded = encode(ext, wide);
            ImageInfo info = ImageFiles.probe(encoded);
            assertEquals(56, info.width(), ext);
            assertEquals(40, info.height(), ext);
            double similarity = dot(reference, descriptor.embed(encoded));
            assertTrue(similarity > 0.95, ext + " similarity " + similarity);
        }
        Path gif = tmp.resolve("boot.gif");
        assertTrue(javax.imageio.ImageIO.write(javax.imageio.ImageIO.read(anyDemoImage().toFile()), "gif", gif.toFile()));
        assertEquals(new ImageInfo("gif", 28, 28), ImageFiles.probe(gif));
        assertTrue(dot(descriptor.embed(anyDemoImage()), descriptor.embed(gif)) > 0.99);
    }

    private static byte[] encode(String ext, Mat image) {
        MatOfByte out = new MatOfByte();
        assertTrue(Imgcodecs.imencode(ext, image, out), ext);
        return out.toArray();
    }

    @Test
    void jpegFrameHeaderIsFoundBehindLargeMetadata() throws IOException {
        byte[] jpeg = photo(4, 640, 480);
        // SOI, then a 64 KB APP1 segment (where EXIF and XMP live), then the rest of the original file.
        ByteBuffer padded = ByteBuffer.allocate(jpeg.length + 2 + 65533);
        padded.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) 65533).put(new byte[65531]);
        padded.put(jpeg, 2, jpeg.length - 2);
        Path file = Files.write(tmp.resolve("exif.jpg"), padded.array());
        assertEquals(new ImageInfo("jpeg", 640, 480), ImageFiles.probe(file));
        assertArrayEquals(descriptor.embed(jpeg), descriptor.embed(file));
    }

    @Test
    void flatImagesAllMapToOneUnitVector() throws IOException {
        float[] black = descriptor.embed(encode(".png", new Mat(30, 20, CvType.CV_8UC1, new Scalar(0))));
        float[] grey = descriptor.embed(encode(".png", new Mat(64, 64, CvType.CV_8UC1, new Scalar(128))));
        assertArrayEquals(black, grey);
        assertEquals(1.0, Math.sqrt(dot(black, black)), 1e-6);
    }

    @Test
    void hostileFilesAreRefusedWithAReason() throws IOException {
        byte[] png = Files.readAllBytes(anyDemoImage());
        assertReason("empty file", Files.write(tmp.resolve("empty.png"), new byte[0]));
        assertReason("truncated", Files.write(tmp.resolve("header.png"), Arrays.copyOf(png, 12)));
        assertReason("could not read", Files.write(tmp.resolve("half.png"), Arrays.copyOf(png, png.length / 2)));
        assertReason("not an image", Files.writeString(tmp.resolve("notes.png"), "just some text\n"));
        assertReason("not an image", Files.write(tmp.resolve("random.jpg"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }));
        assertReason("too large: 20000×20000", Files.write(tmp.resolve("bomb.png"), pngHeader(20_000, 20_000)));
        assertReason("too large: 30000×40000", Files.write(tmp.resolve("bomb.jpg"), jpegHeader(30_000, 40_000)));
        assertReason("corrupt PNG", Files.write(tmp.resolve("zero.png"), pngHeader(0, 10)));
        byte[] smallJpeg = photo(5, 200, 100);
        assertReason("truncated", Files.write(tmp.resolve("cut.jpg"), Arrays.copyOf(smallJpeg, 40)));

        ImageDescriptor strict = new ImageDescriptor(100, 1_000_000);
        UnreadableImageException e = assertThrows(UnreadableImageException.class, () -> strict.embed(anyDemoImage()));
        assertTrue(e.reason().startsWith("too large: 28×28"), e.reason());
        ImageDescriptor tiny = new ImageDescriptor(1_000_000, 100);
        e = assertThrows(UnreadableImageException.class, () -> tiny.embed(anyDemoImage()));
        assertTrue(e.reason().startsWith("too large: the file"), e.reason());

        assertThrows(java.nio.file.NoSuchFileException.class, () -> descriptor.embed(tmp.resolve("missing.png")));
    }

    private static void assertReason(String expected, Path file) {
        UnreadableImageException e = assertThrows(UnreadableImageException.class, () -> descriptor.embed(file),
                file.getFileName().toString());
        assertTrue(e.reason().contains(expected), file.getFileName() + ": " + e.reason());
    }

    /** A PNG that announces a size and holds no pixels: a few dozen bytes standing for gigabytes once decoded. */
    static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(width).putInt(height).put(new byte[] { 8, 0, 0, 0, 0 });
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4 + 12)
                .put(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' })
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue())
                .putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0xAE426082)
                .array();
    }

    /** SOI, a baseline frame header for a grey width×height image, EOI. */
    static byte[] jpegHeader(int width, int height) {
        return ByteBuffer.allocate(2 + 2 + 11 + 2)
                .put((byte) 0xFF).put((byte) 0xD8)
                .put((byte) 0xFF).put((byte) 0xC0).putShort((short) 11).put((byte) 8)
                .putShort((short) height).putShort((short) width).put((byte) 1).put(new byte[] { 1, 0x11, 0 })
                .put((byte) 0xFF).put((byte) 0xD9)
                .array();
    }

    @Test
    void embedAllReportsFailuresAndKeepsGoing() throws Exception {
        Path good = anyDemoImage();
        Path text = Files.writeString(tmp.resolve("readme.txt"), "not an image");
        Path missing = tmp.resolve("gone.png");
        List<Integer> progress = new ArrayList<>();
        EmbeddedImages result = descriptor.embedAll(List.of(good, text, missing, good), 2, progress::add);

        assertNotNull(result.vectors()[0]);
        assertNull(result.vectors()[1]);
        assertNull(result.vectors()[2]);
        assertArrayEquals(result.vectors()[0], result.vectors()[3]);
        assertEquals(2, result.failures().size());
        EmbeddedImages.Failure notImage = result.failures().get(0);
        assertEquals(1, notImage.index());
        assertEquals(text, notImage.file());
        assertTrue(notImage.permanent());
        assertTrue(notImage.reason().startsWith("not an image"), notImage.reason());
        EmbeddedImages.Failure gone = result.failures().get(1);
        assertEquals(2, gone.index());
        assertFalse(gone.permanent(), "a missing file may come back (network share): worth a retry");
        assertEquals(4, progress.get(progress.size() - 1));

        assertEquals(0, descriptor.embedAll(List.of(), 2).vectors().length);
    }

    @Test
    void aThrowingProgressListenerStopsTheBatch() {
        List<Path> many = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            many.add(tmp.resolve("missing-" + i + ".png"));
        }
        IllegalStateException cancelled = new IllegalStateException("cancelled");
        assertEquals(cancelled, assertThrows(IllegalStateException.class,
                () -> descriptor.embedAll(many, 2, done -> {
                    throw cancelled;
                })));
    }

    @Test
    void sha256MatchesTheStandardTestVector() throws IOException {
        Path abc = Files.writeString(tmp.resolve("abc"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ImageFiles.sha256Hex(abc));
        assertEquals(64, ImageFiles.sha256Hex(anyDemoImage()).length());
    }

    @Test
    void probeReadsTheDemoImagesWithoutDecoding() throws IOException {
        assertEquals(new ImageInfo("png", 28, 28), ImageFiles.probe(anyDemoImage()));
        assertEquals(new ImageInfo("png", 20_000, 20_000), ImageFiles.probe(pngHeader(20_000, 20_000)));
    }

    @Test
    void measureThroughput() throws Exception {
        List<Path> demo = evalByClass().values().stream().flatMap(List::stream).toList();
        List<Path> photos = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            photos.add(Files.write(tmp.resolve("photo-" + i + ".jpg"), photo(100 + i, 1164, 874)));
        }
        descriptor.embedAll(demo, 2); // warm-up
        for (int threads : new int[] { 1, 2 }) {
            long start = System.nanoTime();
            descriptor.embedAll(demo, threads);
            double demoRate = demo.size() / ((System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            EmbeddedImages e = descriptor.embedAll(photos, threads);
            double photoRate = photos.size() / ((System.nanoTime() - start) / 1e9);
            assertTrue(e.failures().isEmpty());
            System.out.printf("embedding on %d thread(s): %.0f images/s (28×28 PNG), %.0f images/s (1164×874 JPEG)%n",
                    threads, demoRate, photoRate);
        }
    }
}
