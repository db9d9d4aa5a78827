package dev.needle.activities.embedding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.opencv.core.CvException;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

import dev.needle.activities.BadInputException;

/**
 * An image file's bytes and what its header says, read under limits, so that every embedder refuses a hostile file
 * (a huge file, or a few hundred bytes announcing 20000×20000 pixels) before a decoder allocates memory for it.
 */
public record EncodedImage(byte[] bytes, ImageInfo info) {

    /**
     * @param maxPixels images whose header announces more pixels (width × height) are refused before decoding
     * @param maxFileBytes larger files are refused before they are read into memory
     */
    public record Limits(long maxPixels, long maxFileBytes) {

        public static final Limits DEFAULT = new Limits(100_000_000L, 512L * 1024 * 1024);

        public Limits {
            if (maxPixels < 1)
                throw new BadInputException("maxPixels", "must be positive, was " + maxPixels);
            if (maxFileBytes < 1)
                throw new BadInputException("maxFileBytes", "must be positive, was " + maxFileBytes);
        }
    }

    /**
     * @throws UnreadableImageException too large, or its header is not that of a supported image
     * @throws IOException the file cannot be read
     */
    public static EncodedImage read(Path file, Limits limits) throws IOException {
        long size = Files.size(file);
        if (size > limits.maxFileBytes()) {
            throw new UnreadableImageException(String.format(Locale.ROOT,
                    "too large: the file has %.1f MB, the limit is %.1f MB", size / 1e6, limits.maxFileBytes() / 1e6));
        }
        return of(Files.readAllBytes(file), limits);
    }

    /** As {@link #read}, for bytes already in memory. */
    public static EncodedImage of(byte[] encoded, Limits limits) throws UnreadableImageException {
        ImageInfo info = ImageFiles.probe(encoded);
        if (info.pixels() > limits.maxPixels()) {
            throw new UnreadableImageException(String.format(Locale.ROOT,
                    "too large: %d×%d is %.1f megapixels, the limit is %.1f", info.width(), info.height(),
                    info.pixels() / 1e6, limits.maxPixels() / 1e6));
        }
        return new EncodedImage(encoded, info);
    }

    /**
     * Decodes with OpenCV at the smallest scale (1/8, 1/4, 1/2 or full) whose shorter side still holds
     * {@code minSide} pixels: a JPEG decoded at 1/4 costs a fraction of a full decode, and an embedder whose input is
     * small throws the extra pixels away anyway. The caller releases the result.
     *
     * @param colour BGR when true, grey otherwise
     * @throws UnreadableImageException the decoder could not read it (OpenCV 4.9 has no GIF decoder)
     */
    public Mat decode(int minSide, boolean colour) throws UnreadableImageException {
        int shorter = Math.min(info.width(), info.height());
        int flags;
        if (shorter >= 8 * minSide)
            flags = colour ? Imgcodecs.IMREAD_REDUCED_COLOR_8 : Imgcodecs.IMREAD_REDUCED_GRAYSCALE_8;
        else if (shorter >= 4 * minSide)
            flags = colour ? Imgcodecs.IMREAD_REDUCED_COLOR_4 : Imgcodecs.IMREAD_REDUCED_GRAYSCALE_4;
        else if (shorter >= 2 * minSide)
            flags = colour ? Imgcodecs.IMREAD_REDUCED_COLOR_2 : Imgcodecs.IMREAD_REDUCED_GRAYSCALE_2;
        else
            flags = colour ? Imgcodecs.IMREAD_COLOR : Imgcodecs.IMREAD_GRAYSCALE;
        String format = info.format().toUpperCase(Locale.ROOT);
        MatOfByte buffer = new MatOfByte(bytes);
        Mat image;
        try {
            image = Imgcodecs.imdecode(buffer, flags);
        } catch (CvException e) {
            throw new UnreadableImageException("corrupt " + format + ": " + e.getMessage());
        } finally {
            buffer.release();
        }
        if (image.empty()) {
            image.release();
            throw new UnreadableImageException("corrupt or unsupported " + format + ": the decoder could not read it");
        }
        return image;
    }
}
