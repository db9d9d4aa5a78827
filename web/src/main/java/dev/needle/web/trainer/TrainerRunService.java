package dev.needle.web.trainer;

import java.net.URI;
import java.util.Base64;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;

import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.activities.trainer.TrainerConfig;
import dev.needle.activities.trainer.TrainerRun;
import dev.needle.activities.trainer.TrainerRunRepository;
import dev.needle.activities.trainer.TrainerRuns;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.project.ProjectService;
import dev.needle.workflows.messages.values.TrainedModel;
import dev.needle.workflows.messages.values.TrainerKind;

/**
 * The trainer's side of a run: reading its manifest and reporting its result, both authenticated by the run's token
 * (a trainer is a machine, not a user). A report is recorded and the waiting activity completed in one transaction,
 * so either both happen or neither does.
 */
@ApplicationScoped
public class TrainerRunService {

    @Inject
    WorkflowClient temporal;
    @Inject
    TrainerRunRepository runs;
    @Inject
    TrainerRuns trainerRuns;
    @Inject
    IterationRepository iterations;
    @Inject
    ProjectRepository projects;
    @Inject
    ProjectService projectService;
    @Inject
    TrainerConfig config;

    private volatile ActivityCompletionClient completions;

    public Map<String, Object> manifest(String run, String token) {
        TrainerRun found = QuarkusTransaction.requiringNew().call(() -> authenticated(run, token, false));
        return trainerRuns.manifestOf(found);
    }

    /**
     * Records the report of a waiting run and completes its activity. A repeated report of a run that already
     * succeeded changes nothing and answers with what was recorded.
     */
    public TrainerRunView complete(String run, String token, CompletionReport report) {
        if (report == null)
            throw ProblemException.badRequest(null, "a JSON body is required");
        if (report.modelVersion() == null || report.modelVersion().isBlank() || report.modelVersion().length() > 100)
            throw ProblemException.badRequest("modelVersion", "is required (at most 100 characters)");
        if (report.metric() != null && !(report.metric() >= 0 && report.metric() <= 1))
            throw ProblemException.badRequest("metric", "must be a number in [0, 1], got " + report.metric());
        if (report.artifactUri() == null || report.artifactUri().isBlank())
            throw ProblemException.badRequest("artifactUri", "is required: where the trained model is kept");
        try {
            URI.create(report.artifactUri());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("artifactUri", "is not a URI: " + e.getMessage());
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                TrainerRun found = authenticated(run, token, true);
                if (found.status == TrainerRun.Status.SUCCEEDED)
                    return view(found);
                if (found.status != TrainerRun.Status.PENDING) {
                    throw ProblemException.conflict("run", "run " + run + " is " + found.status.name().toLowerCase()
                            + (found.reason == null ? "" : " (" + found.reason + ")")
                            + "; its report is no longer awaited");
                }
                if (trainerRuns.modelVersionTaken(report.modelVersion()))
                    throw ProblemException.conflict("modelVersion", "model version " + report.modelVersion()
                            + " already exists; report a new one");
                TrainedModel model = trainerRuns.recordReport(found, report.modelVersion().strip(), report.metric(),
                        report.artifactUri());
                // Inside the transaction: if Temporal no longer waits (the attempt timed out), nothing is recorded.
                if (found.taskToken != null)
                    completions().complete(Base64.getDecoder().decode(found.taskToken), model);
                return view(found);
            });
        } catch (ActivityCompletionException e) {
            trainerRuns.fail(run, "reported after Temporal stopped waiting: " + e.getMessage());
            throw ProblemException.conflict("run", "run " + run
                    + " is no longer awaited (its attempt timed out); retry the iteration's retrain step");
        }
    }

    /** The run if the token is its own; the same answer for an unknown run and a wrong token would hide typos. */
    private TrainerRun authenticated(String run, String token, boolean lock) {
        TrainerRun found = (lock ? runs.byRunForUpdate(run) : runs.byRun(run))
                .orElseThrow(() -> ProblemException.notFound("run", "no trainer run " + run));
        if (token == null || token.isBlank())
            throw new ProblemException(401, "token", "send the run's token in the " + TrainerRunResource.TOKEN_HEADER
                    + " header");
        if (!TrainerRuns.tokenMatches(found, token))
            throw new ProblemException(403, "token", "this token does not belong to run " + run);
        return found;
    }

    TrainerRunView view(TrainerRun run) {
        Iteration iteration = iterations.findById(run.iterationId);
        Project project = projects.findById(run.projectId);
        return new TrainerRunView(run.run, project.slug, iteration.round, run.trainer, run.status.name(),
                run.modelVersion, run.metric, run.artifactUri, run.reason, run.jobName, run.createdAt,
                run.completedAt);
    }

    public java.util.List<TrainerRunView> forIteration(String projectSlug, int round) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Project project = projectService.require(projectSlug);
            Iteration iteration = iterations.inRound(project.id, round).orElseThrow(
                    () -> ProblemException.notFound("round", "project " + projectSlug + " has no iteration " + round));
            return runs.list("iterationId = ?1 order by id", iteration.id).stream().map(this::view).toList();
        });
    }

    public TrainerSetting trainerOf(String projectSlug) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Project project = projectService.require(projectSlug);
            return new TrainerSetting(project.trainer == null ? config.kind() : project.trainer, project.trainerUrl);
        });
    }

    public TrainerSetting setTrainer(String projectSlug, TrainerSetting setting) {
        if (setting == null || setting.trainer() == null)
            throw ProblemException.badRequest("trainer", "is required: BUILTIN, WEBHOOK or KUBERNETES");
        TrainerKind kind;
        try {
            kind = TrainerKind.valueOf(setting.trainer().trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("trainer", "unknown trainer " + setting.trainer()
                    + "; one of BUILTIN, WEBHOOK, KUBERNETES");
        }
        String url = setting.url() == null || setting.url().isBlank() ? null : setting.url().strip();
        if (url != null) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("url", "is not a URL: " + e.getMessage());
            }
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())))
                throw ProblemException.badRequest("url", "must be an http or https URL, got " + url);
        }
        if (kind == TrainerKind.WEBHOOK && url == null && config.webhookUrl().isEmpty())
            throw ProblemException.badRequest("url", "a WEBHOOK trainer needs a URL (none in needle.trainer.webhook-url)");
        return QuarkusTransaction.requiringNew().call(() -> {
            Project project = projectService.require(projectSlug);
            project.trainer = kind.name();
            project.trainerUrl = url;
            return new TrainerSetting(project.trainer, project.trainerUrl);
        });
    }

    private ActivityCompletionClient completions() {
        if (completions == null)
            completions = temporal.newActivityCompletionClient();
        return completions;
    }
}
