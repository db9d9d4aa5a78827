package dev.needle.web.project;

import java.util.List;

/**
 * @param classes optional; when empty the first registered dataset's eval folders define them
 */
public record CreateProject(String slug, String name, List<String> classes) {
}
