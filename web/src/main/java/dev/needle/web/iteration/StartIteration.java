package dev.needle.web.iteration;

import java.time.Duration;

import dev.needle.web.assignment.AssignmentRequest;

/**
 * @param strategy RANDOM, UNCERTAINTY, CORESET or CORAL
 * @param batchSize how many images to select, at most the number of unlabeled pool images
 * @param seed makes the selection reproducible; default 0
 * @param scorer the uncertainty score UNCERTAINTY and CORAL use; default {@code uncertainty_margin}
 * @param deadline ISO-8601 duration of the labeling round, e.g. {@code P3D}; default {@code needle.labeling.default-deadline}
 * @param dataset name of the dataset to select from; default the project's newest
 * @param embeddingsImport id of imported embeddings of that dataset to use instead of running the embed step
 * @param predictionsImport id of imported predictions of that dataset to use instead of running the predict step
 * @param assignment how the batch is split among annotators; default round-robin among every known annotator
 */
public record StartIteration(
        String strategy, Integer batchSize, Long seed, String scorer, Duration deadline, String dataset,
        Long embeddingsImport, Long predictionsImport, AssignmentRequest assignment) {
}
