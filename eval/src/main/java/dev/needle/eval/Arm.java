package dev.needle.eval;

import java.util.List;
import java.util.Locale;

/**
 * One strategy as the evaluation compares it: Needle's strategy plus the uncertainty score it uses.
 *
 * @param name as the report shows it, e.g. {@code UNCERTAINTY(margin)}
 * @param slug project-name prefix
 * @param scorer null for strategies that use no score
 */
public record Arm(String name, String slug, String strategy, String scorer) {

    public static final Arm RANDOM = new Arm("RANDOM", "random", "RANDOM", null);
    public static final Arm MARGIN = new Arm("UNCERTAINTY(margin)", "margin", "UNCERTAINTY", "uncertainty_margin");
    public static final Arm ENTROPY = new Arm("UNCERTAINTY(entropy)", "entropy", "UNCERTAINTY", "uncertainty_entropy");
    public static final Arm CORESET = new Arm("CORESET", "coreset", "CORESET", null);
    public static final Arm CORAL = new Arm("CORAL", "coral", "CORAL", "uncertainty_margin");
    public static final List<Arm> ALL = List.of(RANDOM, MARGIN, ENTROPY, CORESET, CORAL);

    /** Parses a slug ({@code random, margin, entropy, coreset, coral}). */
    public static Arm of(String slug) {
        String s = slug.strip().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(a -> a.slug.equals(s)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown strategy " + slug + "; one of " + ALL.stream().map(Arm::slug).toList()));
    }
}
