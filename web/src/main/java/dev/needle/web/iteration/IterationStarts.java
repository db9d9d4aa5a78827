package dev.needle.web.iteration;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;

import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.Datasets;
import dev.needle.activities.imports.ImportSet;
import dev.needle.activities.imports.Imports;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.Iterations;
import dev.needle.activities.iteration.NewIteration;
import dev.needle.activities.iteration.RoundRules;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.Projects;
import dev.needle.activities.project.TaskType;
import dev.needle.activities.scoring.ClassificationScorer;
import dev.needle.activities.scoring.DetectionScorer;
import dev.needle.activities.selection.Strategy;
import dev.needle.activities.trainer.TrainerConfig;
import dev.needle.web.NeedleConfig;
import dev.needle.web.assignment.AssignmentPlans;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.temporal.Workflows;

/**
 * Starts rounds. The database row is written first (by the domain, in its own transaction) and the workflow started
 * after, outside any transaction, so an iteration whose start was interrupted is found and resumed like one whose
 * workflow was lost. No call waits for a workflow to finish.
 */
@ApplicationScoped
public class IterationStarts {

    @Inject
    NeedleConfig config;
    @Inject
    TrainerConfig trainers;
    @Inject
    Projects projects;
    @Inject
    Datasets datasets;
    @Inject
    Imports imports;
    @Inject
    Iterations iterations;
    @Inject
    AssignmentPlans assignmentPlans;
    @Inject
    Workflows workflows;
    @Inject
    IterationReads reads;

    public IterationView start(String projectSlug, StartIteration request) {
        Iteration iteration = iterations.create(validate(projectSlug, request));
        try {
            workflows.launch(iteration);
        } catch (RuntimeException e) {
            Log.error("Could not start the workflow of iteration " + iteration.round, e);
            iterations.markNotStarted(iteration.id, "Temporal did not accept the workflow: " + e.getMessage());
            throw new ProblemException(503, null, "Temporal is unavailable; the iteration was not started");
        }
        return reads.view(projectSlug, iteration.round);
    }

    /**
     * Checks a start as the API and a campaign's template need it, and says what row it would write. Only the request
     * is checked here, so a bad body is a 400 whatever runs; whether the project may start it now is decided last, by
     * the domain, in the transaction that writes the row.
     */
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
        Dataset dataset = datasets.chosen(project, request.dataset());
        long unlabeled = datasets.unlabeledPoolCount(dataset.id);
        if (request.batchSize() == null || request.batchSize() <= 0) {
            throw ProblemException.badRequest("batchSize", "must be a positive number");
        }
        if (request.batchSize() > unlabeled) {
            throw ProblemException.badRequest(
                    "batchSize", "is " + request.batchSize() + " but only " + unlabeled + " pool images are unlabeled");
        }
        AssignmentPlans.Resolved assignment = assignmentPlans.resolve(request.assignment(), request.batchSize());
        RoundRules rules = RoundChoices.choose(request, project, config, trainers);
        return new NewIteration(project.id, dataset.id, strategy.name(), request.batchSize(),
                request.seed() == null ? 0 : request.seed(), scorer, rules.labelingDeadlineSeconds(), assignment.mode(),
                assignment.annotators(),
                imports.usable(request.embeddingsImport(), ImportSet.EMBEDDINGS, dataset, "embeddingsImport"),
                imports.usable(request.predictionsImport(), ImportSet.PREDICTIONS, dataset, "predictionsImport"),
                rules);
    }

    /**
     * Runs the retrain step of an iteration again after it failed there (typically: the external trainer never
     * reported): the domain reopens the row, then the workflow resumes from the recorded RETRAIN step with a fresh
     * trainer run.
     */
    public IterationView retryRetrain(String projectSlug, int round, String by) {
        Iteration iteration = iterations.reopenRetrain(projectSlug, round, by);
        workflows.launch(iteration);
        return reads.view(projectSlug, round);
    }
}
