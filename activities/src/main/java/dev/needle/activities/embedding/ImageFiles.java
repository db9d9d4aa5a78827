package dev.needle.activities.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads image dimensions from file headers without decoding pixels, and hashes files.
 *
 * <p>
 * A hand-written reader rather than {@code javax.imageio}: ImageIO has no WebP reader, its readers differ by JDK
 * and installed plugins, and some of them read more than the header. Knowing the size first is what lets a
 * hostile file (a 20000×20000 PNG of a few hundred bytes) be refused before a decoder allocates gigabytes for it.
 * Only a handful of bytes near the start are read, except for JPEG, whose frame header follows the metadata
 * segments, which are skipped by their declared lengths.
 */
public final class ImageFiles {

    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

    private ImageFiles() {
    }

    /**
     * Format and stored size of an image file.
     *
     * @throws UnreadableImageException empty, truncated, corrupt or not a supported image format
     * @throws IOException the file cannot be read
     */
    public static ImageInfo probe(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return probe(new ChannelSource(channel));
        }
    }

    /** As {@link #probe(Path)}, for an image already in memory. */
    public static ImageInfo probe(byte[] encoded) throws UnreadableImageException {
        try {
            return probe(new ArraySource(encoded));
        } catch (UnreadableImageException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
    }

    /**
     * Refuses a file whose end is missing: PNG without its IEND chunk, JPEG without its end-of-image marker, GIF without
     * its trailer. Reads only the last kilobyte, so registering a large pool stays cheap; a full decode would double
     * the work the embed step does anyway.
     */
    public static void checkComplete(Path file, ImageInfo info) throws IOException {
        byte[] tail;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int length = (int) Math.min(size, 1024);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.read(buffer, size - length);
            tail = buffer.array();
        }
        checkTail(tail, info);
    }

    /** As {@link #checkComplete(Path, ImageInfo)}, for a whole image already in memory. */
    public static void checkComplete(byte[] encoded, ImageInfo info) throws UnreadableImageException {
        checkTail(java.util.Arrays.copyOfRange(encoded, Math.max(0, encoded.length - 1024), encoded.length), info);
    }

    private static void checkTail(byte[] tail, ImageInfo info) throws UnreadableImageException {
        boolean complete = switch (info.format()) {
            case "png" -> indexOf(tail, new byte[] { 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82 }) >= 0;
            case "jpeg" -> indexOf(tail, new byte[] { (byte) 0xFF, (byte) 0xD9 }) >= 0;
            case "gif" -> tail.length > 0 && indexOf(java.util.Arrays.copyOfRange(tail, Math.max(0, tail.length - 16),
                    tail.length), new byte[] { 0x3B }) >= 0;
            default -> true;
        };
        if (!complete)
            throw new UnreadableImageException("truncated " + info.format().toUpperCase() + ": its end is missing");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j])
                    continue outer;
            }
            return i;
        }
        return -1;
    }

    /** SHA-256 of the bytes as 64 lower-case hex digits. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** SHA-256 of the file's bytes as 64 lower-case hex digits, read in a stream (constant memory). */
    public static String sha256Hex(Path file) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) != -1;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static ImageInfo probe(Source in) throws IOException {
        long size = in.size();
        if (size == 0) {
            throw new UnreadableImageException("empty file");
        }
        byte[] head = in.bytes(0, (int) Math.min(size, 16), "header");
        ImageInfo info;
        if (startsWith(head, PNG)) {
            info = png(in);
        } else if (startsWith(head, new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF })) {
            info = jpeg(in);
        } else if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) {
            info = gif(in);
        } else if (startsWith(head, ascii("BM"))) {
            info = bmp(in);
        } else if (startsWith(head, ascii("RIFF")) && head.length >= 12 && ascii(head, 8, 4).equals("WEBP")) {
            info = webp(in);
        } else if (startsWith(head, ascii("II*\0"))) {
            info = tiff(in, true);
        } else if (startsWith(head, ascii("MM\0*"))) {
            info = tiff(in, false);
        } else if (startsWith(head, ascii("II+\0")) || startsWith(head, ascii("MM\0+"))) {
            throw new UnreadableImageException("unsupported image format: BigTIFF");
        } else if (head.length >= 3 && head[0] == 'P' && head[1] >= '1' && head[1] <= '6' && isSpace(head[2])) {
            info = pnm(in);
        } else {
            throw new UnreadableImageException("not an image in a supported format (PNG, JPEG, GIF, BMP, WebP, TIFF, PNM)");
        }
        if (info.width() <= 0 || info.height() <= 0) {
            throw new UnreadableImageException("corrupt " + info.format().toUpperCase() + ": its header gives a size of "
                    + info.width() + "×" + info.height());
        }
        return info;
    }

    private static ImageInfo png(Source in) throws IOException {
        if (!in.ascii(12, 4, "PNG header").equals("IHDR")) {
            throw new UnreadableImageException("corrupt PNG: the first chunk is not IHDR");
        }
        return new ImageInfo("png", toInt(in.u32be(16, "PNG header")), toInt(in.u32be(20, "PNG header")));
    }

    private static ImageInfo jpeg(Source in) throws IOException {
        long size = in.size();
        long pos = 2;
        while (pos < size) {
            if (in.u8(pos, "JPEG") != 0xFF) {
                throw new UnreadableImageException("corrupt JPEG: no segment marker at byte " + pos);
            }
            // A marker may be preceded by any number of 0xFF fill bytes.
            while (in.u8(pos, "JPEG") == 0xFF) {
                pos++;
            }
            int marker = in.u8(pos, "JPEG");
            pos++;
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                continue; // stand-alone markers carry no length
            }
            if (marker == 0xD9 || marker == 0xDA) {
                throw new UnreadableImageException("corrupt JPEG: image data starts before any frame header");
            }
            int length = in.u16be(pos, "JPEG segment");
            if (length < 2) {
                throw new UnreadableImageException("corrupt JPEG: segment length " + length + " at byte " + pos);
            }
            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                int height = in.u16be(pos + 3, "JPEG frame header");
                int width = in.u16be(pos + 5, "JPEG frame header");
                if (height == 0) {
                    throw new UnreadableImageException("unsupported JPEG: its height is only given after the image data (DNL)");
                }
                return new ImageInfo("jpeg", width, height);
            }
            pos += length;
        }
        throw new UnreadableImageException("truncated: the JPEG ends before its frame header");
    }

    private static ImageInfo gif(Source in) throws IOException {
        int screenWidth = in.u16le(6, "GIF header");
        int screenHeight = in.u16le(8, "GIF header");
        int flags = in.u8(10, "GIF header");
        long pos = 13;
        if ((flags & 0x80) != 0) {
            pos += 3L << ((flags & 7) + 1);
        }
        // A first frame may extend past the logical screen, and the decoder allocates for the frame: find it.
        while (true) {
            int block = in.u8(pos, "GIF");
            if (block == 0x21) {
                pos += 2;
                for (int n = in.u8(pos++, "GIF extension"); n != 0; n = in.u8(pos++, "GIF extension")) {
                    pos += n;
                }
            } else if (block == 0x2C) {
                int right = in.u16le(pos + 1, "GIF frame") + in.u16le(pos + 5, "GIF frame");
                int bottom = in.u16le(pos + 3, "GIF frame") + in.u16le(pos + 7, "GIF frame");
                return new ImageInfo("gif", Math.max(screenWidth, right), Math.max(screenHeight, bottom));
            } else if (block == 0x3B) {
                throw new UnreadableImageException("corrupt GIF: it holds no image");
            } else {
                throw new UnreadableImageException("corrupt GIF: unknown block 0x" + Integer.toHexString(block));
            }
        }
    }

    private static ImageInfo bmp(Source in) throws IOException {
        long dibSize = in.u32le(14, "BMP header");
        if (dibSize == 12) {
            return new ImageInfo("bmp", in.u16le(18, "BMP header"), in.u16le(20, "BMP header"));
        }
        if (dibSize < 16) {
            throw new UnreadableImageException("corrupt BMP: unknown header size " + dibSize);
        }
        int width = (int) in.u32le(18, "BMP header");
        int height = (int) in.u32le(22, "BMP header");
        // A negative height marks a top-down bitmap.
        return new ImageInfo("bmp", width, height == Integer.MIN_VALUE ? 0 : Math.abs(height));
    }

    private static ImageInfo webp(Source in) throws IOException {
        String chunk = in.ascii(12, 4, "WebP header");
        switch (chunk) {
            case "VP8 ":
                if (in.u8(23, "WebP") != 0x9D || in.u8(24, "WebP") != 0x01 || in.u8(25, "WebP") != 0x2A) {
                    throw new UnreadableImageException("corrupt WebP: bad VP8 start code");
                }
                return new ImageInfo("webp", in.u16le(26, "WebP") & 0x3FFF, in.u16le(28, "WebP") & 0x3FFF);
            case "VP8L":
                if (in.u8(20, "WebP") != 0x2F) {
                    throw new UnreadableImageException("corrupt WebP: bad VP8L signature");
                }
                long bits = in.u32le(21, "WebP");
                return new ImageInfo("webp", (int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
            case "VP8X":
                return new ImageInfo("webp", in.u24le(24, "WebP") + 1, in.u24le(27, "WebP") + 1);
            default:
                throw new UnreadableImageException("unsupported WebP: unknown first chunk '" + chunk.strip() + "'");
        }
    }

    private static ImageInfo tiff(Source in, boolean little) throws IOException {
        long ifd = in.u32(4, little, "TIFF header");
        int entries = in.u16(ifd, little, "TIFF directory");
        long width = -1;
        long height = -1;
        for (int k = 0; k < entries && (width < 0 || height < 0); k++) {
            long entry = ifd + 2 + 12L * k;
            int tag = in.u16(entry, little, "TIFF directory");
            int type = in.u16(entry + 2, little, "TIFF directory");
            if (tag != 256 && tag != 257) {
                continue;
            }
            long value = switch (type) {
                case 3 -> in.u16(entry + 8, little, "TIFF directory"); // SHORT
                case 4 -> in.u32(entry + 8, little, "TIFF directory"); // LONG
                default -> throw new UnreadableImageException("corrupt TIFF: image size of type " + type);
            };
            if (tag == 256) {
                width = value;
            } else {
                height = value;
            }
        }
        if (width < 0 || height < 0) {
            throw new UnreadableImageException("corrupt TIFF: no image width or height");
        }
        return new ImageInfo("tiff", toInt(width), toInt(height));
    }

    private static ImageInfo pnm(Source in) throws IOException {
        byte[] header = in.bytes(0, (int) Math.min(in.size(), 4096), "PNM header");
        long[] numbers = new long[2];
        int found = 0;
        int i = 2;
        while (found < 2) {
            if (i >= header.length) {
                throw new UnreadableImageException("truncated: the PNM header ends before its size");
            }
            byte b = header[i];
            if (b == '#') {
                while (i < header.length && header[i] != '\n' && header[i] != '\r') {
                    i++;
                }
            } else if (isSpace(b)) {
                i++;
            } else if (b >= '0' && b <= '9') {
                long n = 0;
                while (i < header.length && header[i] >= '0' && header[i] <= '9' && n <= Integer.MAX_VALUE) {
                    n = n * 10 + (header[i++] - '0');
                }
                numbers[found++] = n;
            } else {
                throw new UnreadableImageException("corrupt PNM: unexpected byte in its header");
            }
        }
        return new ImageInfo("pnm", toInt(numbers[0]), toInt(numbers[1]));
    }

    private static int toInt(long dimension) {
        // Absurd sizes become 0 so that probe() refuses them as corrupt rather than overflowing.
        return dimension > Integer.MAX_VALUE ? 0 : (int) dimension;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == '\f';
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String ascii(byte[] bytes, int from, int length) {
        return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }

    /** Random access to the first bytes of an image; reading past the end is a truncated file. */
    private abstract static class Source {

        abstract long size() throws IOException;

        /** Reads up to {@code length} bytes at {@code position}; fewer only at the end of the data. */
        abstract int read(long position, byte[] into, int length) throws IOException;

        final byte[] bytes(long position, int length, String what) throws IOException {
            byte[] out = new byte[length];
            if (position < 0 || read(position, out, length) < length) {
                throw new UnreadableImageException("truncated: the " + what + " ends early");
            }
            return out;
        }

        final int u8(long position, String what) throws IOException {
            return bytes(position, 1, what)[0] & 0xFF;
        }

        final int u16(long position, boolean little, String what) throws IOException {
            byte[] b = bytes(position, 2, what);
            return little ? (b[0] & 0xFF) | (b[1] & 0xFF) << 8 : (b[0] & 0xFF) << 8 | (b[1] & 0xFF);
        }

        final long u32(long position, boolean little, String what) throws IOException {
            byte[] b = bytes(position, 4, what);
            long v = 0;
            for (int k = 0; k < 4; k++) {
                v |= (long) (b[little ? k : 3 - k] & 0xFF) << (8 * k);
            }
            return v;
        }

        final int u16be(long position, String what) throws IOException {
            return u16(position, false, what);
        }

        final int u16le(long position, String what) throws IOException {
            return u16(position, true, what);
        }

        final int u24le(long position, String what) throws IOException {
            byte[] b = bytes(position, 3, what);
            return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16;
        }

        final long u32be(long position, String what) throws IOException {
            return u32(position, false, what);
        }

        final long u32le(long position, String what) throws IOException {
            return u32(position, true, what);
        }

        final String ascii(long position, int length, String what) throws IOException {
            return new String(bytes(position, length, what), StandardCharsets.ISO_8859_1);
        }
    }

    private static final class ArraySource extends Source {
        private final byte[] bytes;

        ArraySource(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        long size() {
            return bytes.length;
        }

        @Override
        int read(long position, byte[] into, int length) {
            int n = (int) Math.max(0, Math.min(length, bytes.length - position));
            System.arraycopy(bytes, (int) Math.min(position, bytes.length), into, 0, n);
            return n;
        }
    }

    private static final class ChannelSource extends Source {
        private final FileChannel channel;

        ChannelSource(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        long size() throws IOException {
            return channel.size();
        }

        @Override
        int read(long position, byte[] into, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(into, 0, length);
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position + buffer.position());
                if (n < 0) {
                    break;
                }
            }
            return buffer.position();
        }
    }
}
