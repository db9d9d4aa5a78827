package dev.needle.activities.embedding;

/**
 * What an image file's header says about it, read without decoding any pixels.
 *
 * @param format container format, lower case: png, jpeg, gif, bmp, webp, tiff or pnm
 * @param width stored width in pixels (before any EXIF rotation)
 * @param height stored height in pixels (before any EXIF rotation)
 */
public record ImageInfo(String format, int width, int height) {

    public long pixels() {
        return (long) width * height;
    }
}
