package dev.needle.web.trainer;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.temporal.client.ActivityCompletionClient;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;

import dev.needle.activities.project.Project;
import dev.needle.activities.project.Projects;
import dev.needle.activities.trainer.HandBacks;
import dev.needle.activities.trainer.TrainerConfig;
import dev.needle.activities.trainer.TrainerRun;
import dev.needle.activities.trainer.TrainerRuns;
import dev.needle.web.problem.ProblemException;
import dev.needle.workflows.messages.values.TrainerKind;

/**
 * The trainer's side of a run: reading its manifest and reporting its result, both authenticated by the run's token
 * (a trainer is a machine, not a user). A report is recorded and the waiting activity completed in one transaction
 * ({@link TrainerRuns#report}), so either both happen or neither does.
 */
@ApplicationScoped
public class TrainerRunService {

    @Inject
    WorkflowClient temporal;
    @Inject
    TrainerRuns trainerRuns;
    @Inject
    Projects projects;
    @Inject
    TrainerConfig config;
    @Inject
    HandBacks handBacks;

    private volatile ActivityCompletionClient completions;

    public Map<String, Object> manifest(String run, String token) {
        return trainerRuns.manifestOf(authenticated(run, token));
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
        if (report.model() == null && (report.artifactUri() == null || report.artifactUri().isBlank()))
            throw ProblemException.badRequest("artifactUri", "is required: where the trained model is kept (or hand "
                    + "the model back with a model card)");
        if (report.artifactUri() != null) {
            try {
                URI.create(report.artifactUri());
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("artifactUri", "is not a URI: " + e.getMessage());
            }
        }
        TrainerRun found = authenticated(run, token);
        // What is handed back is tried before anything is recorded: a model that cannot serve changes nothing.
        if (report.model() != null && found.status == TrainerRun.Status.PENDING)
            handBacks.check(found, report.model());
        try {
            // The hand-over runs inside the domain's transaction: if Temporal no longer waits (the attempt timed
            // out), nothing is recorded. The one Temporal call of web that is made inside a transaction, on purpose.
            return view(trainerRuns.report(run, report.modelVersion(), report.metric(), report.artifactUri(),
                    report.model(), (taskToken, model) -> completions().complete(taskToken, model)));
        } catch (ActivityCompletionException e) {
            trainerRuns.fail(run, "reported after Temporal stopped waiting: " + e.getMessage());
            throw ProblemException.conflict("run", "run " + run
                    + " is no longer awaited (its attempt timed out); retry the iteration's retrain step");
        }
    }

    /** Stores the ONNX network a trainer hands back, streamed and capped (413 naming the limit). */
    public HandBackView uploadModel(String run, String token, InputStream body) {
        awaited(run, token);
        return view(handBacks.model(run, body));
    }

    /** Stores a trainer's predictions of the pool (a zipped Lightly prediction folder), validated as imports are. */
    public HandBackView uploadPredictions(String run, String token, byte[] zip, String task) {
        awaited(run, token);
        return view(handBacks.predictions(run, zip, task));
    }

    /** Stores a trainer's embeddings of the pool (Lightly embeddings.csv), handed back with its predictions. */
    public HandBackView uploadEmbeddings(String run, String token, InputStream csv) {
        awaited(run, token);
        return view(handBacks.embeddings(run, csv));
    }

    /** An image of the run's dataset, for a trainer that shares no disk with Needle. */
    public Path image(String run, String token, long sampleId) {
        awaited(run, token);
        return trainerRuns.image(run, sampleId);
    }

    public List<Map<String, String>> pool(String run, String token) {
        awaited(run, token);
        return trainerRuns.pool(run);
    }

    /** The run if the token is its own and Needle still awaits it: uploads and images end with the wait. */
    private void awaited(String run, String token) {
        authenticated(run, token);
        trainerRuns.awaited(run);
    }

    private static HandBackView view(HandBacks.Upload upload) {
        return new HandBackView(upload.artifact(), upload.bytes(), upload.importId(), upload.matched(),
                upload.missing());
    }

    /** The run if the token is its own; the same answer for an unknown run and a wrong token would hide typos. */
    private TrainerRun authenticated(String run, String token) {
        TrainerRun found = trainerRuns.byRun(run);
        if (token == null || token.isBlank())
            throw new ProblemException(401, "token", "send the run's token in the " + TrainerRunResource.TOKEN_HEADER
                    + " header");
        if (!TrainerRuns.tokenMatches(found, token))
            throw new ProblemException(403, "token", "this token does not belong to run " + run);
        return found;
    }

    private static TrainerRunView view(TrainerRuns.Described described) {
        TrainerRun run = described.run();
        return new TrainerRunView(run.run, described.project(), described.round(), run.trainer, run.status.name(),
                run.modelVersion, run.metric, run.artifactUri, run.reason, run.jobName, run.createdAt,
                run.completedAt);
    }

    public List<TrainerRunView> forIteration(String projectSlug, int round) {
        return trainerRuns.forIteration(projectSlug, round).stream().map(TrainerRunService::view).toList();
    }

    public TrainerSetting trainerOf(String projectSlug) {
        Project project = projects.require(projectSlug);
        return new TrainerSetting(project.trainer == null ? config.kind() : project.trainer, project.trainerUrl);
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
        Project project = projects.setTrainer(projectSlug, kind, url);
        return new TrainerSetting(project.trainer, project.trainerUrl);
    }

    private ActivityCompletionClient completions() {
        if (completions == null)
            completions = temporal.newActivityCompletionClient();
        return completions;
    }
}
