package dev.needle.web.dataset;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * @param name at most 200 characters, unique in the project
 * @param folder relative to {@code needle.storage.datasets-root}, at most 4000 characters: {@code eval/<class>/**} are
 *        held-out images with known classes, every other image is in the pool
 */
public record RegisterDataset(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 4000) @RelativeFolder String folder) {
}
