package dev.needle.activities.assignment;

/**
 * Who reads a round's batch, as far as {@link Assignments#shareOf} needs to know: someone who sees all of it (ML-ops,
 * managers), an annotator by name, or someone with neither (who sees nothing). The web layer says which from the
 * caller's roles; the rule itself is the domain's.
 */
public record BatchReader(boolean seesAll, String annotator) {

    public static BatchReader everything() {
        return new BatchReader(true, null);
    }

    public static BatchReader annotator(String name) {
        return new BatchReader(false, name);
    }

    public static BatchReader nothing() {
        return new BatchReader(false, null);
    }
}
