package dev.needle.web.security;

/** The three kinds of user (DESIGN.md §1). Built-in users of the same names exist on the embedded default. */
public final class Roles {
    public static final String MLOPS = "mlops";
    public static final String ANNOTATOR = "annotator";
    public static final String MANAGER = "manager";

    private Roles() {
    }
}
