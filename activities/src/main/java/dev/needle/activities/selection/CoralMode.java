package dev.needle.activities.selection;

/**
 * CORAL's rule for the next pick, given each unlabeled sample's distance to its nearest centre (labeled samples and
 * earlier picks) and its uncertainty score. The rule is Needle's own; Lightly never published theirs.
 */
public enum CoralMode {
    /**
     * The default: the next pick is drawn with probability ∝ minDist² · score^strength, as k-means++ and BADGE draw
     * their seeds. On Fashion-MNIST it beat RANDOM at every labeled count where greedy rules chase outliers
     * (DESIGN.md, Corrections of 2026-11-29).
     */
    SAMPLED,
    /** The next pick is argmax minDist · score^strength, lowest index on ties. */
    GREEDY
}
