package dev.needle.activities.assignment;

import java.util.Set;

/**
 * The images of a round's batch someone may see: all of them, or a set of samples. Views of a batch (the iteration,
 * its exported files) filter through one of these, so an annotator's view holds their own work and no one else's.
 */
public final class BatchShare {

    private static final BatchShare WHOLE = new BatchShare(null);

    private final Set<Long> samples;

    private BatchShare(Set<Long> samples) {
        this.samples = samples;
    }

    public static BatchShare whole() {
        return WHOLE;
    }

    public static BatchShare of(Set<Long> samples) {
        return new BatchShare(Set.copyOf(samples));
    }

    public boolean isWhole() {
        return samples == null;
    }

    public boolean shows(long sampleId) {
        return samples == null || samples.contains(sampleId);
    }
}
