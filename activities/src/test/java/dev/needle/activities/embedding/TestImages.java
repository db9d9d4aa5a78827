package dev.needle.activities.embedding;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/** Generated images for tests: small valid ones, and the files a real pool contains that no embedder can use. */
public final class TestImages {

    private TestImages() {
    }

    /** A valid size×size colour PNG of seeded noise. */
    public static byte[] tinyPng(long seed, int size) {
        byte[] rgb = new byte[size * size * 3];
        new Random(seed).nextBytes(rgb);
        return png(rgb, size);
    }

    /** A lossless size×size PNG of the given RGB pixels (row by row, R G B). */
    public static byte[] png(byte[] rgb, int size) {
        OpenCv.load();
        byte[] bgr = new byte[rgb.length];
        for (int p = 0; p < size * size; p++) {
            bgr[p * 3] = rgb[p * 3 + 2];
            bgr[p * 3 + 1] = rgb[p * 3 + 1];
            bgr[p * 3 + 2] = rgb[p * 3];
        }
        Mat image = new Mat(size, size, CvType.CV_8UC3);
        MatOfByte encoded = new MatOfByte();
        try {
            image.put(0, 0, bgr);
            Imgcodecs.imencode(".png", image, encoded);
            return encoded.toArray();
        } finally {
            image.release();
            encoded.release();
        }
    }

    /**
     * Writes one of each hostile kind into {@code folder} and returns file name → the start of the reason an embedder
     * skips it with: zero bytes, truncated, not an image, and a real 20,000 × 20,000 PNG (grey, all zero: 400 MB of pixels
     * deflated to about 400 KB), refused from its header before any decoder sees it.
     */
    public static Map<String, String> write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Map<String, String> reasons = new LinkedHashMap<>();
        Files.write(folder.resolve("zero.png"), new byte[0]);
        reasons.put("zero.png", "empty file");
        byte[] png = tinyPng(99, 16);
        Files.write(folder.resolve("truncated.png"), Arrays.copyOf(png, png.length / 2));
        reasons.put("truncated.png", "corrupt or unsupported PNG"); // its header is whole: the decoder finds the cut
        Files.writeString(folder.resolve("notes.jpg"), "this is not a picture\n");
        reasons.put("notes.jpg", "not an image");
        hugePng(folder.resolve("huge.png"), 20_000, 20_000);
        reasons.put("huge.png", "too large: 20000×20000");
        return reasons;
    }

    /** A complete, valid grey PNG of zeros, streamed row by row so the test never holds its pixels. */
    public static void hugePng(Path file, int width, int height) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });
            byte[] ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                    .put(new byte[] { 8, 0, 0, 0, 0 }).array();
            chunk(out, "IHDR", ihdr);
            java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream();
            try (OutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_SPEED), 1 << 16)) {
                byte[] row = new byte[width + 1]; // filter byte 0, then the row
                for (int y = 0; y < height; y++)
                    z.write(row);
            }
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
        }
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        out.writeInt(data.length);
        CRC32 crc = new CRC32();
        try (CheckedOutputStream checked = new CheckedOutputStream(OutputStream.nullOutputStream(), crc)) {
            checked.write(type.getBytes(StandardCharsets.US_ASCII));
            checked.write(data);
        }
        out.write(type.getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.writeInt((int) crc.getValue());
    }
}
