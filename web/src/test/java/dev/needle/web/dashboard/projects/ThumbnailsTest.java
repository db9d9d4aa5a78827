package dev.needle.web.dashboard.projects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

import dev.needle.activities.embedding.OpenCv;
import dev.needle.activities.embedding.UnreadableImageException;

class ThumbnailsTest {

    @TempDir
    Path dir;

    @Test
    void aLargeImageShrinksToTheLongestSide_keepingItsAspect() throws IOException {
        Path file = png(dir.resolve("wide.png"), 800, 600);
        Thumbnails.Image thumb = Thumbnails.scaled(file);
        assertEquals("image/png", thumb.mediaType());
        Mat decoded = Imgcodecs.imdecode(new MatOfByte(thumb.bytes()), Imgcodecs.IMREAD_UNCHANGED);
        assertEquals(Thumbnails.MAX_SIDE, decoded.width());
        assertEquals(120, decoded.height());
    }

    @Test
    void aSmallImageGoesOutAsItIs() throws IOException {
        Path file = png(dir.resolve("small.png"), 28, 28);
        assertArrayEquals(Files.readAllBytes(file), Thumbnails.scaled(file).bytes());
    }

    @Test
    void aHeaderAnnouncingTooManyPixels_isRefusedBeforeDecoding() throws IOException {
        // A PNG signature and an IHDR claiming 20,000 × 20,000: a decoder would allocate 1.2 GB for it.
        ByteBuffer header = ByteBuffer.allocate(33);
        header.put(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' }).putInt(13)
                .put(new byte[] { 'I', 'H', 'D', 'R' }).putInt(20_000).putInt(20_000).put((byte) 8).put((byte) 2);
        Path bomb = Files.write(dir.resolve("bomb.png"), header.array());
        UnreadableImageException e = assertThrows(UnreadableImageException.class, () -> Thumbnails.scaled(bomb));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    private static Path png(Path file, int width, int height) {
        OpenCv.load();
        Mat image = new Mat(height, width, CvType.CV_8UC3, new Scalar(40, 90, 200));
        Imgcodecs.imwrite(file.toString(), image);
        image.release();
        return file;
    }
}
