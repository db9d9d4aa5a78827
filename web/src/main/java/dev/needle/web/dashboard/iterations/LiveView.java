package dev.needle.web.dashboard.iterations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.needle.web.dashboard.Durations;
import dev.needle.web.iteration.IterationView;
import dev.needle.web.iteration.ProgressView;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.Step;

/**
 * What the live part of the iteration page shows: where the round is, read from its recorded step events, and how far
 * the current step is. Built fresh on each tick of the page's event stream.
 */
public record LiveView(IterationView iteration, List<StepState> steps, Bar bar, String statusText) {

    /** One step of the timeline; {@code state} is done, running, failed, cancelled, skipped or pending. */
    public record StepState(Step step, String state, Instant startedAt, String durationText) {
    }

    /**
     * The current step's progress bar.
     *
     * @param what what is being counted (images embedded, labels received)
     */
    public record Bar(String what, long done, long total, int percent, String rateText, String etaText) {
    }

    public boolean isFinished() {
        return iteration.status().isFinished();
    }

    /** Changes whenever the gallery would look different, so the stream resends it only then. */
    public String gallerySignature() {
        return iteration.batch().size() + "/" + iteration.labeled() + "/" + iteration.status() + "/"
                + (iteration.lineage() == null ? 0 : iteration.lineage().length());
    }

    public static LiveView of(IterationView it, Instant now) {
        Map<Step, Instant> started = new EnumMap<>(Step.class);
        for (IterationView.Event e : it.events()) {
            if (e.step() != null && ("STEP".equals(e.kind()) || "RESUMED".equals(e.kind())))
                started.putIfAbsent(e.step(), e.at());
        }
        Step current = it.step();
        List<StepState> steps = new ArrayList<>();
        for (Step s : Step.values()) {
            Instant from = started.get(s);
            Instant to = null;
            for (Step later : Step.values()) {
                if (later.isAfter(s) && started.containsKey(later)) {
                    to = started.get(later);
                    break;
                }
            }
            String state;
            if (current == null || s.isAfter(current)) {
                state = "pending";
            } else if (s != current) {
                state = from == null ? "skipped" : "done";
            } else {
                state = switch (it.status()) {
                    case RUNNING -> s == Step.DONE ? "done" : "running";
                    case COMPLETED -> "done";
                    case FAILED -> "failed";
                    case CANCELLED -> "cancelled";
                };
                if (to == null)
                    to = it.status() == IterationStatus.RUNNING ? now : it.finishedAt();
            }
            // DONE is a moment, not a span: the round was recorded then.
            String duration = from == null || to == null || s == Step.DONE ? "" : Durations.text(Duration.between(from, to));
            steps.add(new StepState(s, state, from, duration));
        }
        return new LiveView(it, steps, bar(it), statusText(it));
    }

    private static Bar bar(IterationView it) {
        ProgressView p = it.progress();
        if (p == null)
            return null;
        String what = it.step() == Step.LABELING ? "labels received"
                : it.step() == Step.EMBED ? "images embedded" : "items done";
        int percent = p.total() <= 0 ? 0 : (int) Math.min(100, Math.round(100.0 * p.done() / p.total()));
        String rate = p.perSecond() == null ? "" : String.format("%.1f/s", p.perSecond());
        String eta = p.etaSeconds() == null ? "" : Durations.seconds(p.etaSeconds());
        return new Bar(what, p.done(), p.total(), percent, rate, eta);
    }

    private static String statusText(IterationView it) {
        if (it.status() == IterationStatus.RUNNING)
            return it.step() == null ? "starting" : "running: " + it.step();
        String text = it.status().name().toLowerCase();
        return it.statusReason() == null ? text : text + " — " + it.statusReason();
    }
}
