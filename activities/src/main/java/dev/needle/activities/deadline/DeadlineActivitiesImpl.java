package dev.needle.activities.deadline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.needle.activities.BadInputException;
import dev.needle.activities.JsonPost;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationEvent;
import dev.needle.activities.iteration.IterationEventRepository;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.workflows.deadline.DeadlineActivities;
import dev.needle.workflows.messages.commands.DeadlineNotice;
import dev.needle.workflows.messages.values.DeadlinePolicy;

@ApplicationScoped
public class DeadlineActivitiesImpl implements DeadlineActivities {

    @Inject
    NotificationConfig config;
    @Inject
    IterationRepository iterations;
    @Inject
    IterationEventRepository events;
    @Inject
    ProjectRepository projects;

    @Override
    @Transactional
    public boolean recordNotice(DeadlineNotice notice) {
        Iteration iteration = iterations.findByIdOptional(notice.iterationId())
                .orElseThrow(() -> new BadInputException("iteration", "no iteration " + notice.iterationId()));
        IterationEvent.Kind kind = switch (notice.kind()) {
            case REMINDER -> IterationEvent.Kind.REMINDER;
            case EXTENDED -> IterationEvent.Kind.DEADLINE_EXTENDED;
            case EXPIRED -> IterationEvent.Kind.DEADLINE_EXPIRED;
        };
        // The detail starts with a key that is the same whenever the same notice is recorded again (a retried
        // activity, a resumed round), which keeps notices once-only without a table of their own.
        String key = notice.kind() == DeadlineNotice.Kind.REMINDER ? "reminder at " + percent(notice.fraction()) : "";
        if (events.count("iterationId = ?1 and kind = ?2 and detail like ?3", iteration.id, kind, key + "%") > 0)
            return false;
        Instant deadline = Instant.ofEpochMilli(notice.deadline());
        String progress = notice.labeled() + " of " + notice.batchSize() + " labeled";
        String detail = switch (notice.kind()) {
            case REMINDER -> key + " of the labeling time: " + progress + "; deadline " + deadline;
            case EXTENDED -> "deadline extended to " + deadline + " (policy EXTEND): " + progress;
            case EXPIRED -> "labeling deadline " + deadline + " passed with " + progress + "; policy " + notice.policy()
                    + (notice.policy() == DeadlinePolicy.CANCEL
                            ? ": the round is cancelled"
                            : ": proceeding with the labels received");
        };
        if (notice.kind() == DeadlineNotice.Kind.EXTENDED)
            iteration.outputs = iteration.outputs.deadlineExtendedTo(notice.deadline());
        if (notice.kind() == DeadlineNotice.Kind.EXPIRED)
            iteration.outputs = iteration.outputs.expired();
        iteration.updatedAt = Instant.now();
        events.persist(IterationEvent.of(iteration.id, kind, iteration.step, detail));
        return true;
    }

    @Override
    public void sendNotice(DeadlineNotice notice) {
        if (config.webhookUrl().isEmpty())
            return;
        JsonPost.post(config.webhookUrl().get(), body(notice), config.timeout());
    }

    /** The JSON a notification webhook receives (documented in config/README.md). */
    Map<String, Object> body(DeadlineNotice notice) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", notice.kind().name().toLowerCase());
        body.put("project", QuarkusTransaction.requiringNew()
                .call(() -> projects.findByIdOptional(notice.projectId()).map(p -> p.slug).orElse(null)));
        body.put("iteration", notice.round());
        body.put("fraction", notice.fraction());
        body.put("labeled", notice.labeled());
        body.put("batchSize", notice.batchSize());
        body.put("deadline", Instant.ofEpochMilli(notice.deadline()).toString());
        body.put("policy", notice.policy().name());
        return body;
    }

    private static String percent(Double fraction) {
        double p = fraction * 100;
        return (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)) + "%";
    }
}
