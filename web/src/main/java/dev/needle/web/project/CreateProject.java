package dev.needle.web.project;

import java.util.List;

import dev.needle.activities.embedding.EmbedderSpec;

/**
 * @param classes optional; when empty the first registered dataset's eval folders define them
 * @param taskType {@code classification} (default) or {@code object-detection}
 * @param embedder optional; the built-in OpenCV descriptor when absent, or an ONNX model (checked by running it once)
 */
public record CreateProject(String slug, String name, List<String> classes, String taskType, EmbedderSpec embedder) {
}
