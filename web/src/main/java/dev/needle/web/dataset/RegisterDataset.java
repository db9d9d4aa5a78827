package dev.needle.web.dataset;

/**
 * @param folder relative to {@code needle.storage.datasets-root}: {@code eval/<class>/**} are held-out images with
 *        known classes, every other image is in the pool
 */
public record RegisterDataset(String name, String folder) {
}
