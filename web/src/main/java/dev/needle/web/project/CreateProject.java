package dev.needle.web.project;

import java.util.List;

/**
 * @param classes optional; when empty the first registered dataset's eval folders define them
 * @param taskType {@code classification} (default) or {@code object-detection}
 */
public record CreateProject(String slug, String name, List<String> classes, String taskType) {
}
