package dev.needle.web.project;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.needle.activities.embedding.EmbedderSpec;
import dev.needle.activities.project.Projects;

/**
 * Lengths are those of the columns (project.name, and a class is a label's class_name); the embedder is checked by
 * the domain, which runs it once.
 *
 * @param slug lowercase letters, digits and dashes, 1 to 63 characters: the project's key in every URL
 * @param name at most 200 characters; default the slug
 * @param classes optional; when empty the first registered dataset's eval folders define them
 * @param taskType {@code classification} (default) or {@code object-detection}
 * @param embedder optional; the built-in OpenCV descriptor when absent, or an ONNX model (checked by running it once)
 */
public record CreateProject(
        @NotNull(message = "is required") @Pattern(regexp = Projects.SLUG_RULE, message = SLUG) String slug,
        @Size(max = 200) String name,
        List<@NotBlank(message = CLASS) @Size(max = 200) @Pattern(regexp = "[^\n\r/]*", message = CLASS) String> classes,
        @Size(max = 20) String taskType,
        EmbedderSpec embedder) {

    static final String SLUG = "lowercase letters, digits and dashes, 1 to 63 characters";
    static final String CLASS = "a class name must be non-empty, one line, no '/'";
}
