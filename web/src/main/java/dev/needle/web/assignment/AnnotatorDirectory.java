package dev.needle.web.assignment;

import java.util.List;

/**
 * Who can be given labeling work. The embedded default knows the built-in users; a directory backed by the identity
 * provider (Keycloak) replaces it in production.
 */
public interface AnnotatorDirectory {

    /** Every annotator's user name, in a stable order (the default round-robin order). */
    List<String> annotators();

    default boolean knows(String name) {
        return annotators().contains(name);
    }
}
