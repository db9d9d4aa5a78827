package dev.needle.web.iteration;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;

import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.dataset.Split;
import dev.needle.activities.imports.ImportSet;
import dev.needle.activities.imports.ImportSetRepository;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationActivitiesImpl;
import dev.needle.activities.iteration.IterationEvent;
import dev.needle.activities.iteration.IterationEventRepository;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.iteration.IterationRows;
import dev.needle.activities.iteration.NewIteration;
import dev.needle.activities.iteration.RoundRules;
import dev.needle.activities.labeling.Label;
import dev.needle.activities.labeling.LabelBoxes;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.TaskType;
import dev.needle.activities.scoring.ClassificationScorer;
import dev.needle.activities.scoring.DetectionScorer;
import dev.needle.activities.selection.Strategy;
import dev.needle.activities.trainer.TrainerConfig;
import dev.needle.web.NeedleConfig;
import dev.needle.web.assignment.AssignmentPlans;
import dev.needle.web.assignment.AssignmentService;
import dev.needle.web.assignment.BatchShare;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.problem.WorkflowProblems;
import dev.needle.web.project.ProjectService;
import dev.needle.web.security.Roles;
import dev.needle.workflows.TaskQueues;
import dev.needle.workflows.iteration.IterationWorkflow;
import dev.needle.workflows.messages.commands.CancelIteration;
import dev.needle.workflows.messages.commands.LabelingDone;
import dev.needle.workflows.messages.commands.SubmitLabels;
import dev.needle.workflows.messages.commands.WithdrawLabels;
import dev.needle.workflows.messages.queries.LabelsAccepted;
import dev.needle.workflows.messages.queries.LabelsWithdrawn;
import dev.needle.workflows.messages.values.BatchItem;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.LabelEntry;
import dev.needle.workflows.messages.values.Progress;
import dev.needle.workflows.messages.values.ShardCheckpoint;
import dev.needle.workflows.messages.values.Step;
import dev.needle.workflows.messages.values.TrainerKind;

/**
 * Starts and observes iteration workflows. The database row is written first and the workflow started after, so an
 * iteration whose start was interrupted is found and resumed like one whose workflow was lost. No call waits for a
 * workflow to finish.
 */
@ApplicationScoped
public class IterationService {

    @Inject
    NeedleConfig config;
    @Inject
    EmbedProgress embedProgress;
    @Inject
    IterationSkips skipped;
    @Inject
    WorkflowClient temporal;
    @Inject
    ProjectService projects;
    @Inject
    IterationRepository iterations;
    @Inject
    IterationEventRepository events;
    @Inject
    DatasetRepository datasets;
    @Inject
    SampleRepository samples;
    @Inject
    LabelRepository labels;
    @Inject
    IterationActivitiesImpl iterationRecords;
    @Inject
    ImportSetRepository importSets;
    @Inject
    IterationRows rows;
    @Inject
    AssignmentPlans assignmentPlans;
    @Inject
    AssignmentService assignmentService;
    @Inject
    TrainerConfig trainers;
    @Inject
    SecurityIdentity identity;

    public IterationView start(String projectSlug, StartIteration request) {
        Iteration iteration;
        try {
            iteration = QuarkusTransaction.requiringNew().call(() -> createRow(projectSlug, request));
        } catch (PersistenceException e) {
            // The unique (project, round) key: another start for this project committed first.
            throw ProblemException.conflict("project", "another iteration of " + projectSlug + " started at the same time");
        }
        try {
            launch(iteration);
        } catch (RuntimeException e) {
            // Without a workflow the row would claim a round that never runs: close it with the reason.
            Log.error("Could not start the workflow of iteration " + iteration.round, e);
            QuarkusTransaction.requiringNew().run(() -> {
                Iteration row = iterations.findById(iteration.id);
                row.status = IterationStatus.FAILED;
                row.statusReason = "Temporal did not accept the workflow: " + e.getMessage();
                row.finishedAt = Instant.now();
            });
            throw new ProblemException(503, null, "Temporal is unavailable; the iteration was not started");
        }
        return view(projectSlug, iteration.round);
    }

    private Iteration createRow(String projectSlug, StartIteration request) {
        return rows.create(validate(projectSlug, request));
    }

    /** Checks a start as the API and a campaign's template need it, and says what row it would write. */
    public NewIteration validate(String projectSlug, StartIteration request) {
        if (request == null)
            throw ProblemException.badRequest(null, "a JSON body is required");
        Project project = projects.require(projectSlug);
        Strategy strategy = Strategy.parse(request.strategy());
        String scorer = request.scorer() == null ? ClassificationScorer.MARGIN : request.scorer();
        List<String> scorers = project.taskType() == TaskType.OBJECT_DETECTION ? DetectionScorer.NAMES
                : ClassificationScorer.NAMES;
        if (!scorers.contains(scorer)) {
            throw ProblemException.badRequest("scorer", "unknown scorer " + scorer + "; one of " + scorers);
        }
        Dataset dataset = request.dataset() == null
                ? datasets.latestForProject(project.id)
                        .orElseThrow(() -> ProblemException.badRequest("dataset", "project " + projectSlug + " has no dataset"))
                : datasets.find("projectId = ?1 and name = ?2", project.id, request.dataset()).firstResultOptional()
                        .orElseThrow(() -> ProblemException.notFound("dataset", "no dataset " + request.dataset()));
        long unlabeled = samples.count("datasetId = ?1 and split = ?2", dataset.id, Split.POOL)
                - labels.count("sampleId in (select s.id from Sample s where s.datasetId = ?1 and s.split = ?2)",
                        dataset.id, Split.POOL);
        if (request.batchSize() == null || request.batchSize() <= 0) {
            throw ProblemException.badRequest("batchSize", "must be a positive number");
        }
        if (request.batchSize() > unlabeled) {
            throw ProblemException.badRequest(
                    "batchSize", "is " + request.batchSize() + " but only " + unlabeled + " pool images are unlabeled");
        }
        if (iterations.count("projectId = ?1 and status = ?2", project.id, IterationStatus.RUNNING) > 0) {
            throw ProblemException.conflict("project", "an iteration of " + projectSlug + " is still running");
        }
        AssignmentPlans.Resolved assignment = assignmentPlans.resolve(request.assignment(), request.batchSize());
        RoundRules rules = RoundChoices.choose(request, project, config, trainers);
        return new NewIteration(project.id, dataset.id, strategy.name(), request.batchSize(),
                request.seed() == null ? 0 : request.seed(), scorer, rules.labelingDeadlineSeconds(), assignment.mode(),
                assignment.annotators(),
                importOf(request.embeddingsImport(), ImportSet.EMBEDDINGS, dataset, "embeddingsImport"),
                importOf(request.predictionsImport(), ImportSet.PREDICTIONS, dataset, "predictionsImport"),
                rules);
    }

    /** The id of an import the iteration may use: it must be of the right kind and belong to the chosen dataset. */
    private Long importOf(Long id, String kind, Dataset dataset, String field) {
        if (id == null)
            return null;
        ImportSet set = importSets.findByIdOptional(id)
                .orElseThrow(() -> ProblemException.badRequest(field, "no import " + id));
        if (set.datasetId != dataset.id)
            throw ProblemException.badRequest(field, "import " + id + " is for another dataset than " + dataset.name);
        if (!set.kind.equals(kind))
            throw ProblemException.badRequest(field, "import " + id + " holds " + set.kind + ", not " + kind);
        return id;
    }

    /** Starts (or restarts) the iteration's workflow; it picks up from whatever the database has recorded. */
    public void launch(Iteration iteration) {
        IterationWorkflow workflow = temporal.newWorkflowStub(
                IterationWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TaskQueues.ITERATIONS)
                        .setWorkflowId(iteration.workflowId)
                        // A lost workflow is started again under the same business key.
                        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                        .build());
        try {
            WorkflowClient.start(workflow::run, rows.request(iteration));
        } catch (WorkflowExecutionAlreadyStarted e) {
            Log.debugf("Workflow %s is already running", iteration.workflowId);
        }
    }

    /** Whether Temporal still runs this iteration's workflow. */
    public boolean isRunning(Iteration iteration) {
        return isRunning(iteration.workflowId);
    }

    /** Whether Temporal runs a workflow of this id (an iteration's or a campaign's). */
    public boolean isRunning(String workflowId) {
        return describe(workflowId).map(d -> d.getWorkflowExecutionInfo().getStatus())
                .filter(status -> status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)
                .isPresent();
    }

    /** What Temporal knows of the iteration's workflow; empty when it has none (e.g. the embedded server restarted). */
    private Optional<DescribeWorkflowExecutionResponse> describe(Iteration iteration) {
        return describe(iteration.workflowId);
    }

    private Optional<DescribeWorkflowExecutionResponse> describe(String workflowId) {
        try {
            return Optional.of(temporal.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(temporal.getOptions().getNamespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND)
                return Optional.empty();
            throw e;
        }
    }

    public LabelsAccepted submitLabels(String projectSlug, int round, List<LabelEntry> entries, String annotator) {
        return submitLabels(projectSlug, round, entries, annotator, null);
    }

    /** @param source see {@link SubmitLabels#source()} */
    public LabelsAccepted submitLabels(String projectSlug, int round, List<LabelEntry> entries, String annotator,
            String source) {
        if (entries == null || entries.isEmpty())
            throw ProblemException.badRequest("labels", "no labels given");
        for (int i = 0; i < entries.size(); i++) {
            LabelEntry e = entries.get(i);
            if (e == null || e.fileName() == null || e.fileName().isBlank()) {
                throw ProblemException.badRequest("labels[" + i + "].fileName", "is required");
            }
            if (e.boxes() == null && (e.label() == null || e.label().isBlank())) {
                throw ProblemException.badRequest("labels[" + i + "].label", "is required");
            }
        }
        Iteration iteration = running(projectSlug, round);
        // An annotator labels only their own share. ML-ops may correct any image, and a labeling tool's webhook
        // (a source) follows the tool's own assignment.
        if (source == null && !identity.hasRole(Roles.MLOPS))
            assignmentService.requireOwn(iteration, entries, annotator);
        try {
            return workflow(iteration).submitLabels(new SubmitLabels(entries, annotator, source));
        } catch (WorkflowUpdateException e) {
            throw WorkflowProblems.of(e);
        } catch (WorkflowNotFoundException e) {
            throw notRunning(iteration);
        }
    }

    /** Takes back the labels a tool sent under {@code source}, through the workflow so the round's count follows. */
    public LabelsWithdrawn withdrawLabels(Iteration iteration, String source, String by) {
        if (iteration.status.isFinished())
            throw notRunning(iteration);
        try {
            return workflow(iteration).withdrawLabels(new WithdrawLabels(source, by));
        } catch (WorkflowUpdateException e) {
            throw WorkflowProblems.of(e);
        } catch (WorkflowNotFoundException e) {
            throw notRunning(iteration);
        }
    }

    public void labelingDone(String projectSlug, int round, String by) {
        Iteration iteration = running(projectSlug, round);
        try {
            workflow(iteration).labelingDone(new LabelingDone(by));
        } catch (WorkflowNotFoundException e) {
            throw notRunning(iteration);
        }
    }

    public void cancel(String projectSlug, int round, String by, String reason) {
        Iteration iteration = running(projectSlug, round);
        try {
            workflow(iteration).cancel(new CancelIteration(by, reason));
        } catch (WorkflowNotFoundException e) {
            throw notRunning(iteration);
        }
    }

    /**
     * Runs the retrain step of an iteration again after it failed there (typically: the external trainer never
     * reported). The row goes back to RUNNING and the workflow resumes from the recorded RETRAIN step, with a fresh
     * trainer run; labels and every earlier output stay as they are.
     */
    public IterationView retryRetrain(String projectSlug, int round, String by) {
        Iteration iteration = QuarkusTransaction.requiringNew().call(() -> {
            Iteration row = find(projectSlug, round);
            if (row.status != IterationStatus.FAILED || row.step != Step.RETRAIN) {
                throw ProblemException.conflict("round", "iteration " + round + " is " + row.status.name().toLowerCase()
                        + " at " + row.step + "; only an iteration that failed at RETRAIN can retry it");
            }
            if (iterations.count("projectId = ?1 and status = ?2", row.projectId, IterationStatus.RUNNING) > 0)
                throw ProblemException.conflict("project", "an iteration of " + projectSlug + " is still running");
            events.persist(IterationEvent.of(row.id, IterationEvent.Kind.RETRIED, Step.RETRAIN,
                    "retrain step retried by " + by + " after: " + row.statusReason));
            row.status = IterationStatus.RUNNING;
            row.statusReason = null;
            row.finishedAt = null;
            row.updatedAt = Instant.now();
            return row;
        });
        launch(iteration);
        return view(projectSlug, round);
    }

    @Transactional
    public List<IterationSummary> list(String projectSlug) {
        return iterations.forProject(projects.require(projectSlug).id).stream()
                .map(i -> new IterationSummary(i.round, i.status, i.step, i.strategy, i.outputs.strategyUsed(), i.batchSize,
                        i.outputs.modelProduced(), i.outputs.accuracy(), i.createdAt, i.finishedAt))
                .toList();
    }

    /**
     * The iteration as the caller may see it: an annotator's batch holds only the images assigned to them, and its
     * label count and labeling progress count only those (see {@link AssignmentService#shareOf}); everything else about
     * the round is the same for everyone.
     */
    @Transactional
    public IterationView view(String projectSlug, int round) {
        Iteration i = find(projectSlug, round);
        BatchShare share = assignmentService.shareOf(i, identity);
        List<BatchItem> picked = iterationRecords.batchOf(i.id).stream().filter(p -> share.shows(p.sampleId())).toList();
        Map<Long, String> labelBySample = new HashMap<>();
        for (Label l : labels.forSamples(picked.stream().map(BatchItem::sampleId).toList()))
            labelBySample.put(l.sampleId, l.className != null ? l.className : LabelBoxes.fromJson(l.boxes).size() + " boxes");
        List<IterationView.Item> batch = picked.stream()
                .map(p -> new IterationView.Item(p.fileName(), p.rank(), Double.isNaN(p.score()) ? null : p.score(),
                        labelBySample.get(p.sampleId())))
                .toList();
        return new IterationView(
                i.round, projectSlug, datasets.findById(i.datasetId).name, i.status, i.step, i.statusReason,
                i.strategy, i.outputs.strategyUsed(), i.outputs.coldStart(), i.batchSize, i.seed, i.scorer,
                i.outputs.labelingDeadline() == null ? null : Instant.ofEpochMilli(i.outputs.labelingDeadline()),
                i.outputs.deadlineExpired(), labelBySample.size(),
                progress(i, labelBySample.size(), share.isWhole() ? i.batchSize : picked.size()), batch, i.outputs.modelUsed(),
                i.outputs.modelProduced(),
                i.outputs.accuracy(), i.outputs.trainingSize(),
                i.lineage,
                events.forIteration(i.id).stream()
                        .map(e -> new IterationView.Event(e.occurredAt, e.kind.name(), e.step, e.detail)).toList(),
                i.createdAt, i.finishedAt,
                i.deadlinePolicy, i.outputs.deadlineExtended(), RoundRules.deadlineRules(i).reminders(),
                i.trainer == null ? TrainerKind.BUILTIN.name() : i.trainer,
                skipped.count(i));
    }

    private ProgressView progress(Iteration iteration, int labeled, int ofBatch) {
        if (iteration.status != IterationStatus.RUNNING || iteration.step == null)
            return null;
        if (iteration.step == Step.LABELING)
            return ProgressView.of(new Progress(labeled, ofBatch));
        // Long activities send their progress as heartbeat details (embedding shards: a checkpoint that reads as one).
        List<Progress> running = describe(iteration).stream()
                .flatMap(d -> d.getPendingActivitiesList().stream())
                .filter(activity -> activity.hasHeartbeatDetails())
                // Read as the wider record: a plain Progress detail is a checkpoint without chunks.
                .map(activity -> temporal.getOptions().getDataConverter().fromPayloads(
                        0, Optional.of(activity.getHeartbeatDetails()), ShardCheckpoint.class, ShardCheckpoint.class))
                .map(checkpoint -> new Progress(checkpoint.done(), checkpoint.total()))
                .toList();
        if (iteration.step == Step.EMBED)
            return embedProgress.of(iteration, running);
        return running.stream().findFirst().map(ProgressView::of).orElse(null);
    }

    public Iteration find(String projectSlug, int round) {
        Project project = projects.require(projectSlug);
        return iterations.inRound(project.id, round)
                .orElseThrow(() -> ProblemException.notFound("round", "project " + projectSlug + " has no iteration " + round));
    }

    private Iteration running(String projectSlug, int round) {
        Iteration iteration = QuarkusTransaction.requiringNew().call(() -> find(projectSlug, round));
        if (iteration.status.isFinished())
            throw notRunning(iteration);
        return iteration;
    }

    private static ProblemException notRunning(Iteration iteration) {
        return ProblemException.conflict(
                "round",
                "iteration " + iteration.round + " is " + (iteration.status.isFinished()
                        ? iteration.status.name().toLowerCase()
                        : "being resumed; try again shortly"));
    }

    private IterationWorkflow workflow(Iteration iteration) {
        return temporal.newWorkflowStub(IterationWorkflow.class, iteration.workflowId);
    }

}
