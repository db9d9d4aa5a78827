package dev.needle.activities.formats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A folder uploaded as a zip archive, as a map from paths to bytes, rooted where its {@code marker} file lies (users
 * zip a folder with or without its parent). Bounded, so a hostile archive cannot exhaust memory.
 */
public final class ZipFolder {

    /** Uncompressed bytes an upload may expand to. */
    public static final long MAX_BYTES = 1L << 30;

    private ZipFolder() {
    }

    public static Map<String, byte[]> read(byte[] zip, String uploadName, String marker) {
        Map<String, byte[]> all = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            byte[] buffer = new byte[1 << 16];
            for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                if (entry.isDirectory())
                    continue;
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int n; (n = in.read(buffer)) > 0;) {
                    total += n;
                    if (total > MAX_BYTES)
                        throw new FormatException(uploadName, entry.getName(),
                                "the archive expands beyond " + MAX_BYTES + " bytes");
                    out.write(buffer, 0, n);
                }
                all.put(entry.getName().replace('\\', '/'), out.toByteArray());
            }
        } catch (IOException e) {
            throw new FormatException(uploadName, "(file)", "not a readable zip archive: " + e.getMessage());
        }
        String root = all.keySet().stream().filter(p -> p.equals(marker) || p.endsWith("/" + marker))
                .min((a, b) -> Integer.compare(a.length(), b.length())).map(p -> p.substring(0, p.length() - marker.length()))
                .orElseThrow(() -> new FormatException(uploadName, marker, "the archive holds no " + marker));
        Map<String, byte[]> folder = new LinkedHashMap<>();
        all.forEach((path, bytes) -> {
            if (path.startsWith(root))
                folder.put(path.substring(root.length()), bytes);
        });
        return folder;
    }

    public static byte[] write(Map<String, byte[]> folder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : folder.entrySet()) {
                out.putNextEntry(new ZipEntry(file.getKey()));
                out.write(file.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
