package dev.needle.web.trainer;

import java.time.Instant;

/** A trainer run as its trainer and ML-ops see it (never its token). */
public record TrainerRunView(
        String run,
        String project,
        int iteration,
        String trainer,
        String status,
        String modelVersion,
        Double metric,
        String artifactUri,
        String reason,
        String jobName,
        Instant createdAt,
        Instant completedAt) {
}
