package dev.needle.activities.iteration;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.BadInputException;
import dev.needle.activities.RefusedException;
import dev.needle.activities.UniqueKey;
import dev.needle.activities.assignment.Assignments;
import dev.needle.activities.assignment.BatchReader;
import dev.needle.activities.assignment.BatchShare;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.embedding.EmbeddingRecords;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.activities.prediction.PredictionRunRepository;
import dev.needle.activities.prediction.PredictionShardRepository;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.Projects;
import dev.needle.workflows.messages.values.BatchItem;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.Step;

/**
 * Iteration rows: finding a project's rounds, writing a new one, and the changes of state the web layer asks for (a
 * start Temporal refused, a retried retrain). Changes the workflow makes go through its activities instead.
 */
@ApplicationScoped
public class Iterations {

    /** The length of the cancel_reason column. */
    public static final int MAX_CANCEL_REASON = 1000;

    @Inject
    Projects projects;
    @Inject
    ProjectRuns runs;
    @Inject
    IterationRepository iterations;
    @Inject
    IterationEventRepository events;
    @Inject
    IterationRows rows;
    @Inject
    DatasetRepository datasets;
    @Inject
    LabelRepository labels;
    @Inject
    Batches batches;
    @Inject
    Assignments assignments;
    @Inject
    IterationSkips skips;
    @Inject
    EmbeddingRecords embeddings;
    @Inject
    PredictionRunRepository predictionRuns;
    @Inject
    PredictionShardRepository predictionShards;

    /** The project's round; a 404 naming {@code round} when it has none (and naming {@code project} without one). */
    @Transactional
    public Iteration find(String projectSlug, int round) {
        Project project = projects.require(projectSlug);
        return iterations.inRound(project.id, round).orElseThrow(
                () -> RefusedException.notFound("round", "project " + projectSlug + " has no iteration " + round));
    }

    /** A project with its rounds in round order. */
    public record ProjectRounds(Project project, List<Iteration> rounds) {
    }

    /**
     * A round with what its history row counts.
     *
     * @param picked images in its batch; 0 before the query step
     * @param labeled labels received for its batch
     */
    public record Tally(Iteration iteration, int picked, long labeled) {
    }

    /** Every round of the project, in round order. */
    @Transactional
    public List<Iteration> inProject(String projectSlug) {
        return rounds(projectSlug).rounds();
    }

    @Transactional
    public ProjectRounds rounds(String projectSlug) {
        Project project = projects.require(projectSlug);
        return new ProjectRounds(project, iterations.forProject(project.id));
    }

    @Transactional
    public List<Tally> tallies(String projectSlug) {
        return inProject(projectSlug).stream()
                .map(i -> new Tally(i, batches.of(i.id).size(), labels.countForIteration(i.id))).toList();
    }

    @Transactional
    public List<Iteration> unfinished() {
        return iterations.unfinished();
    }

    /** The round of the project that runs now, if one does. */
    @Transactional
    public Optional<Integer> runningRound(String projectSlug) {
        return iterations.running(projects.require(projectSlug).id).map(i -> i.round);
    }

    /** The iteration whose batch a labeling tool's label went to; empty when none is stored (gone already, or never came). */
    @Transactional
    public Optional<Iteration> labeledFrom(String source) {
        return labels.bySource(source).map(l -> iterations.findById(l.iterationId));
    }

    /**
     * Writes the row of the project's next round, started by hand: refused (409 naming {@code project}) while a round
     * of the project runs or a campaign of it is open. The check and the write share one transaction under the
     * project's lock ({@link ProjectRuns}); a writer that got past it anyway is stopped by the unique running key.
     */
    public Iteration create(NewIteration planned) {
        return UniqueKey.writeOrRefuse(() -> {
            runs.requireIdle(planned.projectId());
            return rows.create(planned);
        }, () -> RefusedException.wrongState("project",
                "another iteration of " + projects.slugOf(planned.projectId()) + " started at the same time"));
    }

    /** Closes a row whose workflow never started, with the reason: without one it would claim a round that never runs. */
    @Transactional
    public void markNotStarted(long iterationId, String reason) {
        Iteration row = iterations.findById(iterationId);
        row.moveTo(IterationStatus.FAILED);
        row.statusReason = reason;
        row.finishedAt = Instant.now();
    }

    /**
     * Opens an iteration that failed at RETRAIN (typically: the external trainer never reported) to run that step
     * again: the row goes back to RUNNING and the retry is recorded as an event; labels and every earlier output stay
     * as they are. Refused for any other iteration, and, like a start, while another round of the project runs or a
     * campaign of it is open.
     */
    public Iteration reopenRetrain(String projectSlug, int round, String by) {
        return UniqueKey.writeOrRefuse(() -> {
            Iteration row = find(projectSlug, round);
            if (row.status != IterationStatus.FAILED || row.step != Step.RETRAIN) {
                throw RefusedException.wrongState("round", "iteration " + round + " is "
                        + row.status.name().toLowerCase() + " at " + row.step
                        + "; only an iteration that failed at RETRAIN can retry it");
            }
            runs.requireIdle(row.projectId);
            events.persist(IterationEvent.of(row.id, IterationEvent.Kind.RETRIED, Step.RETRAIN,
                    "retrain step retried by " + by + " after: " + row.statusReason));
            row.moveTo(IterationStatus.RUNNING);
            row.statusReason = null;
            row.finishedAt = null;
            row.updatedAt = Instant.now();
            return row;
        }, () -> RefusedException.wrongState("project",
                "another iteration of " + projectSlug + " started at the same time"));
    }

    /**
     * Records that labeling of the round is done, in its own transaction, before the workflow is told: a round resumed
     * after a crash reads it and proceeds as the signal would have made it. Only while the round is at LABELING (the
     * workflow ignores the message at any other step); a second one keeps the first.
     */
    @Transactional
    public Iteration recordLabelingDone(String projectSlug, int round, String by) {
        Iteration row = unfinished(projectSlug, round);
        if (row.step != Step.LABELING) {
            throw RefusedException.wrongState("round", "iteration " + round + " is at " + row.step
                    + "; labeling can be declared done once its batch is out for labeling");
        }
        if (row.labelingDoneBy == null) {
            row.labelingDoneBy = by;
            row.labelingDoneAt = Instant.now();
        }
        return row;
    }

    /**
     * Records the cancellation of the round, in its own transaction, before the workflow is told: a round resumed after
     * a crash reads it and ends CANCELLED, releasing its reservation. A second one keeps the first, as the workflow does.
     */
    @Transactional
    public Iteration recordCancel(String projectSlug, int round, String by, String reason) {
        if (reason != null && reason.length() > MAX_CANCEL_REASON)
            throw new BadInputException("reason", "is longer than " + MAX_CANCEL_REASON + " characters");
        Iteration row = unfinished(projectSlug, round);
        if (row.cancelBy == null) {
            row.cancelBy = by;
            row.cancelAt = Instant.now();
            row.cancelReason = reason;
        }
        return row;
    }

    private Iteration unfinished(String projectSlug, int round) {
        Iteration row = find(projectSlug, round);
        if (row.status.isFinished())
            throw RefusedException.wrongState("round", "iteration " + round + " is " + row.status.name().toLowerCase());
        return row;
    }

    /** The iteration as {@code reader} may see it, in one transaction; see {@link IterationRecord}. */
    @Transactional
    public IterationRecord record(String projectSlug, int round, BatchReader reader) {
        Iteration i = find(projectSlug, round);
        BatchShare share = assignments.shareOf(i.id, reader);
        List<BatchItem> batch = batches.of(i.id).stream().filter(p -> share.shows(p.sampleId())).toList();
        return new IterationRecord(i, datasets.findById(i.datasetId).name, share.isWhole(), batch,
                labels.forSamples(batch.stream().map(BatchItem::sampleId).toList()), events.forIteration(i.id),
                skips.count(i), i.status == IterationStatus.RUNNING ? shardedRun(i) : null);
    }

    private ShardedRun shardedRun(Iteration i) {
        if (i.step == Step.EMBED) {
            return embeddings.run(i.id).map(run -> new ShardedRun(run.total, run.doneAtStart, run.startedAt,
                    embeddings.doneInShards(run.datasetId, run.snapshot, run.embedder, run.shardSize))).orElse(null);
        }
        if (i.step == Step.PREDICT) {
            return predictionRuns.of(i.id).map(run -> new ShardedRun(run.total, run.doneAtStart, run.startedAt,
                    predictionShards.doneInShards(run.iterationId, run.modelId, run.shardSize))).orElse(null);
        }
        return null;
    }
}
