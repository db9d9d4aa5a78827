package dev.needle.activities.formats;

/** A dataset image as format files refer to it: its path in the dataset folder and its size in pixels. */
public record ImageRef(long sampleId, String path, int width, int height) {

    public String baseName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
