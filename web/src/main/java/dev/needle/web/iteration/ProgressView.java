package dev.needle.web.iteration;

import dev.needle.workflows.messages.values.Progress;

/**
 * How far the current step is.
 *
 * @param perSecond items per second since the step (re)started, when measurable
 * @param etaSeconds time left at that rate, when measurable
 */
public record ProgressView(long done, long total, Double perSecond, Long etaSeconds) {

    static ProgressView of(Progress progress) {
        return new ProgressView(progress.done(), progress.total(), null, null);
    }
}
