package dev.needle.activities.embedding;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

import dev.needle.activities.BadInputException;

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
public final class ImageDescriptor {

    /** Recorded with every embedding; bump the version when the features change, so caches are not mixed. */
    public static final String ID = "opencv-thumb-hog-v2";

    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    public static final long DEFAULT_MAX_FILE_BYTES = 512L * 1024 * 1024;

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
    private static final long PROGRESS_INTERVAL_MS = 1000;

    private final long maxPixels;
    private final long maxFileBytes;

    public ImageDescriptor() {
        this(DEFAULT_MAX_PIXELS, DEFAULT_MAX_FILE_BYTES);
    }

    /**
     * @param maxPixels images whose header announces more pixels (width × height) are refused before decoding
     * @param maxFileBytes larger files are refused before they are read into memory
     */
    public ImageDescriptor(long maxPixels, long maxFileBytes) {
        if (maxPixels < 1) {
            throw new BadInputException("maxPixels", "must be positive, was " + maxPixels);
        }
        if (maxFileBytes < 1) {
            throw new BadInputException("maxFileBytes", "must be positive, was " + maxFileBytes);
        }
        OpenCv.load();
        this.maxPixels = maxPixels;
        this.maxFileBytes = maxFileBytes;
    }

    public String id() {
        return ID;
    }

    /** Length of every vector this embedder returns. */
    public int dimension() {
        return THUMB * THUMB + Hog.dimension(WINDOW);
    }

    /**
     * The descriptor of one image file, L2 norm 1.
     *
     * @throws UnreadableImageException the content is not an image that can be embedded (reason in the message)
     * @throws IOException the file cannot be read
     */
    public float[] embed(Path image) throws IOException {
        long size = Files.size(image);
        if (size > maxFileBytes) {
            throw new UnreadableImageException(String.format(Locale.ROOT,
                    "too large: the file has %.1f MB, the limit is %.1f MB", size / 1e6, maxFileBytes / 1e6));
        }
        return embed(Files.readAllBytes(image));
    }

    /** As {@link #embed(Path)}, for an encoded image already in memory. */
    public float[] embed(byte[] encoded) throws UnreadableImageException {
        ImageInfo info = ImageFiles.probe(encoded);
        if (info.pixels() > maxPixels) {
            throw new UnreadableImageException(String.format(Locale.ROOT,
                    "too large: %d×%d is %.1f megapixels, the limit is %.1f", info.width(), info.height(), info.pixels() / 1e6,
                    maxPixels / 1e6));
        }
        return describe(decode(encoded, info));
    }

    /** {@link #embedAll(List, int, IntConsumer)} without progress reports. */
    public EmbeddedImages embedAll(List<Path> images, int threads) throws InterruptedException {
        return embedAll(images, threads, done -> {
        });
    }

    /**
     * Embeds many files on {@code threads} threads; files that cannot be embedded are reported, not thrown.
     *
     * @param progress called on the calling thread about once a second with the number of files finished, and once at
     *        the end; if it throws (e.g. an activity heartbeat reporting cancellation), the work stops and the exception
     *        propagates
     */
    public EmbeddedImages embedAll(List<Path> images, int threads, IntConsumer progress) throws InterruptedException {
        if (threads < 1) {
            throw new BadInputException("threads", "must be at least 1, was " + threads);
        }
        int n = images.size();
        float[][] vectors = new float[n][];
        EmbeddedImages.Failure[] failures = new EmbeddedImages.Failure[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Runnable worker = () -> {
            for (int i; !Thread.currentThread().isInterrupted() && (i = next.getAndIncrement()) < n; done.incrementAndGet()) {
                Path file = images.get(i);
                try {
                    vectors[i] = embed(file);
                } catch (UnreadableImageException e) {
                    failures[i] = new EmbeddedImages.Failure(i, file, e.reason(), true);
                } catch (IOException e) {
                    failures[i] = new EmbeddedImages.Failure(i, file, "cannot read the file: " + e, false);
                }
            }
        };

        int workers = Math.max(1, Math.min(threads, n));
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "needle-embed-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(worker));
            }
            pool.shutdown();
            while (!pool.awaitTermination(PROGRESS_INTERVAL_MS, TimeUnit.MILLISECONDS)) {
                progress.accept(done.get());
            }
            for (Future<?> f : futures) {
                f.get(); // surfaces a bug in a worker instead of returning holes without reasons
            }
            progress.accept(done.get());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }

        List<EmbeddedImages.Failure> failed = new ArrayList<>();
        for (EmbeddedImages.Failure f : failures) {
            if (f != null) {
                failed.add(f);
            }
        }
        return new EmbeddedImages(vectors, failed);
    }

    private static GreyImage decode(byte[] encoded, ImageInfo info) throws UnreadableImageException {
        if (info.format().equals("gif")) {
            return decodeGif(encoded); // OpenCV 4.9 has no GIF decoder
        }
        int shorter = Math.min(info.width(), info.height());
        int flags = shorter >= 8 * MIN_DECODED_SIDE ? Imgcodecs.IMREAD_REDUCED_GRAYSCALE_8
                : shorter >= 4 * MIN_DECODED_SIDE ? Imgcodecs.IMREAD_REDUCED_GRAYSCALE_4
                        : shorter >= 2 * MIN_DECODED_SIDE ? Imgcodecs.IMREAD_REDUCED_GRAYSCALE_2
                                : Imgcodecs.IMREAD_GRAYSCALE;
        MatOfByte buffer = new MatOfByte(encoded);
        Mat image;
        try {
            image = Imgcodecs.imdecode(buffer, flags);
        } catch (CvException e) {
            throw new UnreadableImageException("corrupt " + info.format().toUpperCase(Locale.ROOT) + ": " + e.getMessage());
        } finally {
            buffer.release();
        }
        try {
            if (image.empty() || image.type() != CvType.CV_8UC1 || !image.isContinuous()) {
                throw new UnreadableImageException("corrupt or unsupported " + info.format().toUpperCase(Locale.ROOT)
                        + ": the decoder could not read it");
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
