package dev.needle.activities.iteration;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.assignment.Assignments;
import dev.needle.activities.imports.ImportSetRepository;
import dev.needle.workflows.iteration.IterationWorkflow;
import dev.needle.workflows.messages.commands.IterationRequest;
import dev.needle.workflows.messages.values.IterationStatus;

/**
 * Writes an iteration's row (and its assignment plan) before its workflow starts, so an interrupted start is found
 * and resumed like a lost workflow. Shared by the API's start and a campaign's next round.
 */
@ApplicationScoped
public class IterationRows {

    @Inject
    IterationRepository iterations;
    @Inject
    Assignments assignments;
    @Inject
    ImportSetRepository importSets;
    @Inject
    ShardConfig shards;

    /** The row of the project's next round; the unique (project, round) key refuses a concurrent second one. */
    @Transactional
    public Iteration create(NewIteration planned) {
        Iteration iteration = new Iteration();
        iteration.projectId = planned.projectId();
        iteration.datasetId = planned.datasetId();
        iteration.round = iterations.lastRound(planned.projectId()) + 1;
        iteration.strategy = planned.strategy();
        iteration.batchSize = planned.batchSize();
        iteration.seed = planned.seed();
        iteration.scorer = planned.scorer();
        iteration.labelingDeadlineSeconds = planned.labelingDeadlineSeconds();
        iteration.embeddingsImportId = planned.embeddingsImportId();
        iteration.predictionsImportId = planned.predictionsImportId();
        if (planned.rules() != null)
            planned.rules().applyTo(iteration);
        iteration.moveTo(IterationStatus.RUNNING);
        iteration.workflowId = IterationWorkflow.workflowId(planned.projectId(), iteration.round);
        iteration.createdAt = Instant.now();
        iteration.updatedAt = iteration.createdAt;
        iterations.persist(iteration);
        iterations.flush();
        assignments.plan(iteration.id, planned.assignment(), planned.annotators());
        return iteration;
    }

    /** What the iteration's workflow runs with. */
    @Transactional
    public IterationRequest request(Iteration iteration) {
        return new IterationRequest(
                iteration.id,
                iteration.projectId,
                iteration.datasetId,
                iteration.round,
                iteration.strategy,
                iteration.batchSize,
                iteration.seed,
                iteration.scorer,
                Duration.ofSeconds(iteration.labelingDeadlineSeconds),
                artifactOf(iteration.embeddingsImportId),
                artifactOf(iteration.predictionsImportId),
                shards.shardSize(),
                shards.shardParallelism(),
                RoundRules.deadlineRules(iteration),
                RoundRules.trainer(iteration));
    }

    private String artifactOf(Long importId) {
        return importId == null ? null : importSets.findById(importId).artifact;
    }
}
