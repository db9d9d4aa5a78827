package dev.needle.activities.embedding;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * The built-in embedder: a fixed, training-free descriptor of an image's grey levels, good enough to tell
 * Fashion-MNIST classes apart with a linear probe and cheap enough for millions of photos on CPU.
 *
 * <p>
 * OpenCV decodes the image in grey (integer code paths only); the rest is plain Java so that the same file
 * always gives the same bits (see {@link GreyImage}). The image is squashed to a square (no crop, so nothing at the
 * border is lost). Two parts, each L2-normalised, are concatenated and the whole is L2-normalised again:
 * <ul>
 * <li>a 16×16 thumbnail, standardised to zero mean and unit variance: coarse layout, independent of exposure;</li>
 * <li>HOG of a 32×32 resample (8×8 cells, 2×2-cell blocks at stride 1, 9 orientation bins: 324 values): shape.</li>
 * </ul>
 * A flat image (no variation at all) has neither, and maps to a fixed vector of its own.
 *
 * <p>
 * Thread-safe: one instance serves all threads.
 */
public final class ImageDescriptor implements Embedder {

    /** Recorded with every embedding; bump the version when the features change, so caches are not mixed. */
    public static final String ID = "opencv-thumb-hog-v2";

    private static final int THUMB = 16;
    private static final int WINDOW = 32;
    /**
     * JPEG can decode at 1/2, 1/4 or 1/8 scale for little more than the cost of reading the file: use the smallest
     * scale whose shorter side still holds this many pixels, enough for an area resize to 32 to be clean.
     */
    private static final int MIN_DECODED_SIDE = 96;
    // Both parts have unit norm before weighting; on the demo data, ratios from 0.5 to 1.5 were within noise.
    private static final double THUMB_WEIGHT = 1.0;
    private static final double HOG_WEIGHT = 1.0;

    private final EncodedImage.Limits limits;

    public ImageDescriptor() {
        this(EncodedImage.Limits.DEFAULT.maxPixels(), EncodedImage.Limits.DEFAULT.maxFileBytes());
    }

    /**
     * @param maxPixels images whose header announces more pixels (width × height) are refused before decoding
     * @param maxFileBytes larger files are refused before they are read into memory
     */
    public ImageDescriptor(long maxPixels, long maxFileBytes) {
        this.limits = new EncodedImage.Limits(maxPixels, maxFileBytes);
        OpenCv.load();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return THUMB * THUMB + Hog.dimension(WINDOW);
    }

    /**
     * The descriptor of one image file, L2 norm 1.
     *
     * @throws UnreadableImageException the content is not an image that can be embedded (reason in the message)
     * @throws IOException the file cannot be read
     */
    @Override
    public float[] embed(Path image) throws IOException {
        return describe(decode(EncodedImage.read(image, limits)));
    }

    /** As {@link #embed(Path)}, for an encoded image already in memory. */
    public float[] embed(byte[] encoded) throws UnreadableImageException {
        return describe(decode(EncodedImage.of(encoded, limits)));
    }

    private static GreyImage decode(EncodedImage encoded) throws UnreadableImageException {
        if (encoded.info().format().equals("gif")) {
            return decodeGif(encoded.bytes()); // OpenCV 4.9 has no GIF decoder
        }
        Mat image = encoded.decode(MIN_DECODED_SIDE, false);
        try {
            if (image.type() != CvType.CV_8UC1 || !image.isContinuous()) {
                throw new UnreadableImageException("unsupported " + encoded.info().format().toUpperCase(Locale.ROOT)
                        + ": the decoder gave no 8-bit grey image");
            }
            byte[] pixels = new byte[image.rows() * image.cols()];
            image.get(0, 0, pixels);
            return new GreyImage(image.cols(), image.rows(), pixels);
        } finally {
            image.release();
        }
    }

    private static GreyImage decodeGif(byte[] encoded) throws UnreadableImageException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("gif");
        if (!readers.hasNext()) {
            throw new UnreadableImageException("unsupported image format: no GIF decoder in this Java runtime");
        }
        ImageReader reader = readers.next();
        BufferedImage frame;
        try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            reader.setInput(in, true, true);
            frame = reader.read(0);
        } catch (IOException | RuntimeException e) {
            // ImageIO signals corrupt data with assorted runtime exceptions as well as IIOException.
            throw new UnreadableImageException("corrupt GIF: " + e.getMessage());
        } finally {
            reader.dispose();
        }
        int width = frame.getWidth();
        int height = frame.getHeight();
        byte[] pixels = new byte[width * height];
        int[] argb = new int[width];
        for (int y = 0; y < height; y++) {
            frame.getRGB(0, y, width, 1, argb, 0, width);
            for (int x = 0; x < width; x++) {
                int p = argb[x];
                // The same luma weights as OpenCV's own grey conversion.
                pixels[y * width + x] = (byte) Math
                        .round(0.299 * (p >> 16 & 0xFF) + 0.587 * (p >> 8 & 0xFF) + 0.114 * (p & 0xFF));
            }
        }
        return new GreyImage(width, height, pixels);
    }

    private float[] describe(GreyImage grey) {
        float[] out = new float[dimension()];

        double[] thumb = grey.resize(THUMB);
        double mean = 0;
        for (double p : thumb) {
            mean += p;
        }
        mean /= thumb.length;
        double variance = 0;
        for (double p : thumb) {
            variance += (p - mean) * (p - mean);
        }
        double std = Math.sqrt(variance / thumb.length);
        // Standardised values have a sum of squares equal to the pixel count, hence the scale to unit norm.
        boolean flat = std < 1e-3;
        double thumbScale = flat ? 0 : THUMB_WEIGHT / (std * Math.sqrt(thumb.length));
        for (int k = 0; k < thumb.length; k++) {
            out[k] = (float) ((thumb[k] - mean) * thumbScale);
        }

        int hogOffset = THUMB * THUMB;
        Hog.compute(grey.resize(WINDOW), WINDOW, out, hogOffset);
        double hogSquares = 0;
        for (int k = hogOffset; k < out.length; k++) {
            hogSquares += (double) out[k] * out[k];
        }
        double hogScale = hogSquares < 1e-24 ? 0 : HOG_WEIGHT / Math.sqrt(hogSquares);
        for (int k = hogOffset; k < out.length; k++) {
            out[k] = (float) (out[k] * hogScale);
        }

        if (flat && hogScale == 0) {
            // A constant thumbnail cannot come out of standardisation, so flat images get a point no other image has.
            for (int k = 0; k < hogOffset; k++) {
                out[k] = 1;
            }
        }
        double total = norm(out);
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) (out[k] / total);
        }
        return out;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
