package dev.needle.activities.formats;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dataset's images by the names format files give them. Tools name images differently (a path relative to the
 * dataset folder, relative to {@code pool/}, or a bare file name), so a name matches its exact path first, then a
 * path under {@code pool/}, then a unique base name; a base name shared by several images is refused rather than
 * guessed.
 */
public final class Catalog {

    private final Map<String, ImageRef> byPath = new LinkedHashMap<>();
    private final Map<String, ImageRef> byBaseName = new HashMap<>();
    private final Map<String, Integer> baseNameCount = new HashMap<>();

    public Catalog(Collection<ImageRef> images) {
        for (ImageRef image : images) {
            byPath.put(image.path(), image);
            byBaseName.put(image.baseName(), image);
            baseNameCount.merge(image.baseName(), 1, Integer::sum);
        }
    }

    public Collection<ImageRef> images() {
        return byPath.values();
    }

    /** The image a name refers to; a {@link FormatException} at {@code file}/{@code field} when there is none. */
    public ImageRef require(String name, String file, String field) {
        if (name == null || name.isBlank())
            throw new FormatException(file, field, "is missing");
        String clean = name.replace('\\', '/');
        while (clean.startsWith("./"))
            clean = clean.substring(2);
        ImageRef image = byPath.get(clean);
        if (image == null)
            image = byPath.get("pool/" + clean);
        if (image == null && !clean.contains("/")) {
            int count = baseNameCount.getOrDefault(clean, 0);
            if (count > 1)
                throw new FormatException(file, field, name + " matches " + count + " images of the dataset; give its path");
            image = byBaseName.get(clean);
        }
        if (image == null)
            throw new FormatException(file, field, "unknown image " + name + ": the dataset has no such file");
        return image;
    }

    /** Paths of the images among {@code candidates} that are not in {@code matched}, sorted. */
    public static List<String> missing(Collection<ImageRef> candidates, Set<Long> matched) {
        return candidates.stream().filter(i -> !matched.contains(i.sampleId())).map(ImageRef::path).sorted().toList();
    }
}
