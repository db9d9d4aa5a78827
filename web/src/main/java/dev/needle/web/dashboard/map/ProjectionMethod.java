package dev.needle.web.dashboard.map;

import java.util.Locale;

import dev.needle.web.problem.ProblemException;

/**
 * How the map flattens embeddings to two dimensions. PCA only: the nonlinear methods people expect here (t-SNE, UMAP)
 * have no maintained Java 17 library under a licence an Apache-style project can ship (Smile's are GPL-3.0 from 3.0 on);
 * NOTES-map.md has the search.
 */
public enum ProjectionMethod {
    PCA("pca", "PCA (principal component analysis)");

    private final String key;
    private final String title;

    ProjectionMethod(String key, String title) {
        this.key = key;
        this.title = title;
    }

    public String key() {
        return key;
    }

    public String title() {
        return title;
    }

    /** The {@code method} query parameter: absent means PCA; anything else than a method offered is a 400. */
    public static ProjectionMethod parse(String value) {
        if (value == null || value.isBlank())
            return PCA;
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (ProjectionMethod m : values()) {
            if (m.key.equals(v))
                return m;
        }
        if (v.equals("tsne") || v.equals("t-sne") || v.equals("umap")) {
            throw ProblemException.badRequest("method", "'" + value + "' is not offered: no maintained Java library of it"
                    + " has an Apache-compatible licence; the method offered is pca");
        }
        throw ProblemException.badRequest("method", "unknown projection method '" + value + "'; the method offered is pca");
    }
}
