package dev.needle.activities.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.type.TypeReference;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.LaunchMode;

import dev.needle.activities.BadInputException;
import dev.needle.activities.JsonPost;
import dev.needle.activities.RefusedException;
import dev.needle.activities.StorageConfig;
import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.dataset.Split;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.iteration.Iterations;
import dev.needle.activities.labeling.Label;
import dev.needle.activities.labeling.LabelBoxes;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.activities.model.ModelCard;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.activities.training.ModelKind;
import dev.needle.activities.training.ModelVersion;
import dev.needle.activities.training.ModelVersionRepository;
import dev.needle.workflows.messages.commands.ExternalRetrain;
import dev.needle.workflows.messages.values.LabeledBox;
import dev.needle.workflows.messages.values.TrainedModel;
import dev.needle.workflows.messages.values.TrainerKind;

/**
 * Trainer runs: opening one (manifest, token, row) for an attempt of the retrain step, and recording what the trainer
 * reports. The manifest is the whole hand-over contract, documented in config/README.md.
 */
@ApplicationScoped
public class TrainerRuns {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    TrainerConfig config;
    @Inject
    StorageConfig storage;
    @Inject
    ArtifactStore artifacts;
    @Inject
    TrainerRunRepository runs;
    @Inject
    IterationRepository iterations;
    @Inject
    ProjectRepository projects;
    @Inject
    DatasetRepository datasets;
    @Inject
    SampleRepository samples;
    @Inject
    LabelRepository labels;
    @Inject
    ModelVersionRepository models;
    @Inject
    Iterations rounds;
    @Inject
    HandBacks handBacks;

    /** A freshly opened run, with its token in the clear: the only moment it exists outside the trainer. */
    public record Opened(TrainerRun run, String token, Map<String, Object> manifest, Project project) {
    }

    /**
     * Writes the manifest of the labeled set and records a PENDING run for it, replacing any run an earlier attempt
     * left waiting. {@code taskToken} is the waiting activity's, for asynchronous completion (null when watched).
     */
    public Opened open(ExternalRetrain command, TrainerKind kind, byte[] taskToken) {
        String runId = UUID.randomUUID().toString();
        Map<String, Object> manifest = QuarkusTransaction.requiringNew().call(() -> manifest(runId, command));
        String artifact = artifacts.write("manifest", out -> JsonPost.json().writeValue(out, manifest));
        String token = newToken();
        return QuarkusTransaction.requiringNew().call(() -> {
            runs.supersedePending(command.iterationId());
            TrainerRun run = new TrainerRun();
            run.run = runId;
            run.iterationId = command.iterationId();
            run.projectId = command.projectId();
            run.trainer = kind.name();
            run.tokenHash = hash(token);
            run.taskToken = taskToken == null ? null : Base64.getEncoder().encodeToString(taskToken);
            run.manifest = artifact;
            run.trainingSize = ((List<?>) manifest.get("labeled")).size();
            run.evalSize = ((Number) ((Map<?, ?>) manifest.get("eval")).get("count")).intValue();
            run.status = TrainerRun.Status.PENDING;
            run.createdAt = Instant.now();
            runs.persist(run);
            return new Opened(run, token, manifest, projects.findById(command.projectId()));
        });
    }

    private Map<String, Object> manifest(String runId, ExternalRetrain command) {
        Project project = projects.findById(command.projectId());
        Iteration iteration = iterations.findById(command.iterationId());
        Dataset dataset = datasets.findById(command.datasetId());
        if (project == null || iteration == null || dataset == null)
            throw new BadInputException("iteration", "no iteration " + command.iterationId() + " to train on");
        List<Label> labeled = labels.inDataset(dataset.id);
        Map<Long, Sample> byId = samples.inDataset(dataset.id).stream()
                .collect(Collectors.toMap(s -> s.id, Function.identity()));
        // Trainers in pods share no disk with Needle: every image has a URL only this run's token opens.
        List<Map<String, Object>> labeledFiles = labeled.stream()
                .filter(l -> byId.containsKey(l.sampleId))
                .map(l -> labeledEntry(l, byId.get(l.sampleId).path, runUrl(runId, "images/" + l.sampleId)))
                .toList();
        List<Map<String, String>> evalFiles = byId.values().stream()
                .filter(s -> s.split == Split.EVAL)
                .sorted((a, b) -> a.path.compareTo(b.path))
                .map(s -> Map.of("file", s.path, "label", s.evalClass, "url", runUrl(runId, "images/" + s.id)))
                .toList();
        String location = storage.datasetsRoot().resolve(dataset.root).toAbsolutePath().normalize().toString();
        Map<String, Object> eval = new LinkedHashMap<>();
        eval.put("location", location + "/eval");
        eval.put("count", evalFiles.size());
        eval.put("files", evalFiles);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("run", runId);
        manifest.put("project", project.slug);
        manifest.put("iteration", iteration.round);
        manifest.put("modelBase", command.modelBase());
        manifest.put("classes", project.classes());
        manifest.put("dataset", Map.of("name", dataset.name, "location", location));
        manifest.put("labeled", labeledFiles);
        manifest.put("eval", eval);
        manifest.put("completionUrl", runUrl(runId, "complete"));
        manifest.put("manifestUrl", runUrl(runId, "manifest"));
        // What a trainer may hand back before it reports (see HandBacks): an ONNX network, or predictions of the pool.
        manifest.put("modelUrl", runUrl(runId, "model"));
        manifest.put("predictionsUrl", runUrl(runId, "predictions"));
        manifest.put("embeddingsUrl", runUrl(runId, "embeddings"));
        manifest.put("poolUrl", runUrl(runId, "pool"));
        return manifest;
    }

    /** One object of a detection label in the manifest: its class and its box in pixels. */
    public record ManifestBox(String label, double x, double y, double width, double height) {
    }

    /**
     * One label as a trainer reads it: a classification label names its class; a detection label carries its boxes
     * (pixels, top-left corner and size, as stored; an empty list for an image that shows no object).
     */
    static Map<String, Object> labeledEntry(Label label, String file, String url) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("file", file);
        if (label.className != null)
            entry.put("label", label.className);
        List<LabeledBox> boxes = LabelBoxes.fromJson(label.boxes);
        if (boxes != null) {
            entry.put("boxes", boxes.stream().map(b -> new ManifestBox(b.category(), b.x(), b.y(), b.width(), b.height()))
                    .toList());
        }
        entry.put("url", url);
        return entry;
    }

    public String runUrl(String runId, String action) {
        String base = config.callbackUrl().map(URI::toString).orElseGet(TrainerRuns::localBaseUrl).replaceAll("/+$", "");
        return base + "/api/trainer-runs/" + runId + "/" + action;
    }

    /**
     * This process's own address, read when needed: with a random port (port 0, as in tests) the bound port is only
     * known once the HTTP server runs, and Quarkus publishes it under the port's config key.
     */
    private static String localBaseUrl() {
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        return "http://localhost:" + ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(8080);
    }

    /** The manifest a run was given. */
    public Map<String, Object> manifestOf(TrainerRun run) {
        try {
            return JsonPost.json().readValue(artifacts.read(run.manifest), new TypeReference<Map<String, Object>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records a report on a PENDING run in {@link #report}'s transaction: the run succeeds and the model version is
     * recorded for the iteration. With a model card (checked before by {@link HandBacks#check}) what the trainer handed
     * back becomes the project's current model, which the next round predicts with; without one the version is only
     * recorded, as Needle has nothing it can run.
     */
    private TrainedModel recordReport(TrainerRun run, String modelVersion, Double metric, String artifactUri,
            ModelCard card) {
        run.status = TrainerRun.Status.SUCCEEDED;
        run.modelVersion = modelVersion;
        run.metric = metric;
        run.artifactUri = artifactUri;
        run.completedAt = Instant.now();
        ModelVersion version = new ModelVersion();
        version.projectId = run.projectId;
        version.version = modelVersion;
        version.embedder = "external";
        version.accuracy = metric;
        version.trainingSize = run.trainingSize;
        version.evalSize = run.evalSize;
        version.iterationId = run.iterationId;
        version.trainer = run.trainer;
        version.trainerRun = run.run;
        version.createdAt = run.completedAt;
        if (card == null) {
            version.kind = ModelKind.EXTERNAL;
            version.artifact = artifactUri;
            models.persist(version);
            return resultOf(run);
        }
        HandBacks.Handed handed = handBacks.handed(run, card);
        version.kind = ModelCard.ONNX.equals(card.kind()) ? ModelKind.ONNX : ModelKind.PREDICTIONS;
        version.artifact = handed.artifact();
        version.embeddingsArtifact = handed.embeddings();
        version.card = version.kind == ModelKind.ONNX ? card.toJson() : null;
        models.persist(version);
        projects.findById(run.projectId).currentModelId = version.id;
        return resultOf(run);
    }

    /** The model a SUCCEEDED run reported, as the workflow records it. */
    public static TrainedModel resultOf(TrainerRun run) {
        return new TrainedModel(run.modelVersion, run.metric, run.trainingSize);
    }

    private boolean modelVersionTaken(String modelVersion) {
        return models.byVersion(modelVersion).isPresent();
    }

    public static boolean tokenMatches(TrainerRun run, String token) {
        return token != null && MessageDigest.isEqual(
                run.tokenHash.getBytes(StandardCharsets.US_ASCII), hash(token).getBytes(StandardCharsets.US_ASCII));
    }

    /** A run with the project and round it trains for, as its views name them. */
    public record Described(TrainerRun run, String project, int round) {
    }

    /**
     * Hands a recorded report over to whoever waits for it (the retrain activity, completed through Temporal). Runs
     * inside the transaction that records the report: if the hand-over fails, nothing is recorded.
     */
    @FunctionalInterface
    public interface Handover {
        void complete(byte[] taskToken, TrainedModel model);
    }

    /**
     * The run, if Needle still awaits its report: what its token may upload to or read images through. A run that
     * reported, failed or was replaced by a retry is refused (409).
     */
    @Transactional
    public TrainerRun awaited(String runId) {
        TrainerRun run = byRun(runId);
        if (run.status != TrainerRun.Status.PENDING)
            throw RefusedException.wrongState("run", "run " + runId + " is " + run.status.name().toLowerCase()
                    + "; it is no longer awaited");
        return run;
    }

    /** An image of the dataset the awaited run trains on, as a file: what the manifest's image URLs serve. */
    @Transactional
    public Path image(String runId, long sampleId) {
        TrainerRun run = awaited(runId);
        Dataset dataset = datasets.findById(iterations.findById(run.iterationId).datasetId);
        Sample sample = samples.findByIdOptional(sampleId).filter(s -> s.datasetId == dataset.id)
                .orElseThrow(() -> RefusedException.notFound("image", "run " + runId + " has no image " + sampleId));
        return storage.datasetsRoot().resolve(dataset.root).resolve(sample.path).normalize();
    }

    /** Every pool image of the awaited run's dataset with its URL: what a trainer predicts to hand predictions back. */
    @Transactional
    public List<Map<String, String>> pool(String runId) {
        TrainerRun run = awaited(runId);
        return samples.inSplit(iterations.findById(run.iterationId).datasetId, Split.POOL).stream()
                .map(s -> Map.of("file", s.path, "url", runUrl(runId, "images/" + s.id))).toList();
    }

    /** The run of this id; a 404 naming {@code run} when there is none. */
    @Transactional
    public TrainerRun byRun(String runId) {
        return runs.byRun(runId).orElseThrow(() -> RefusedException.notFound("run", "no trainer run " + runId));
    }

    /**
     * Records the report of a waiting run and hands it over, in one transaction, so either both happen or neither
     * does. A repeated report of a run that already succeeded changes nothing and answers with what was recorded; the
     * run is locked, so two reports of it are handled one after the other.
     */
    @Transactional
    public Described report(String runId, String modelVersion, Double metric, String artifactUri, ModelCard card,
            Handover handover) {
        TrainerRun run = runs.byRunForUpdate(runId)
                .orElseThrow(() -> RefusedException.notFound("run", "no trainer run " + runId));
        if (run.status == TrainerRun.Status.SUCCEEDED)
            return describe(run);
        if (run.status != TrainerRun.Status.PENDING) {
            throw RefusedException.wrongState("run", "run " + runId + " is " + run.status.name().toLowerCase()
                    + (run.reason == null ? "" : " (" + run.reason + ")") + "; its report is no longer awaited");
        }
        if (modelVersionTaken(modelVersion))
            throw RefusedException.wrongState("modelVersion", "model version " + modelVersion
                    + " already exists; report a new one");
        TrainedModel model = recordReport(run, modelVersion.strip(), metric, artifactUri, card);
        if (run.taskToken != null)
            handover.complete(Base64.getDecoder().decode(run.taskToken), model);
        return describe(run);
    }

    /** The runs of a project's round, oldest first (one per attempt of its retrain step). */
    @Transactional
    public List<Described> forIteration(String projectSlug, int round) {
        Iteration iteration = rounds.find(projectSlug, round);
        return runs.forIteration(iteration.id).stream().map(r -> new Described(r, projectSlug, iteration.round))
                .toList();
    }

    private Described describe(TrainerRun run) {
        return new Described(run, projects.findById(run.projectId).slug, iterations.findById(run.iterationId).round);
    }

    /** Records why an attempt failed, unless the run already has its final state. */
    public void fail(String runId, String reason) {
        QuarkusTransaction.requiringNew().run(() -> runs.byRun(runId).ifPresent(run -> {
            if (run.status == TrainerRun.Status.PENDING) {
                run.status = TrainerRun.Status.FAILED;
                run.reason = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
                run.completedAt = Instant.now();
            }
        }));
    }

    public TrainerRun reload(String runId) {
        return QuarkusTransaction.requiringNew().call(() -> runs.byRun(runId).orElseThrow());
    }

    public void setJobName(String runId, String jobName) {
        QuarkusTransaction.requiringNew().run(() -> runs.byRun(runId).orElseThrow().jobName = jobName);
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body a webhook trainer receives: the manifest and the run's token. */
    public static Map<String, Object> webhookBody(Opened opened) {
        Map<String, Object> body = new LinkedHashMap<>(opened.manifest());
        body.put("runToken", opened.token());
        return body;
    }
}
