package dev.needle.activities.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.needle.activities.BadInputException;
import dev.needle.activities.TooLargeException;
import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.dataset.Split;
import dev.needle.activities.embedding.EncodedImage;
import dev.needle.activities.embedding.UnreadableImageException;
import dev.needle.activities.formats.ZipFolder;
import dev.needle.activities.formats.lightly.LightlyPredictions;
import dev.needle.activities.imports.ImportSet;
import dev.needle.activities.imports.ImportSetRepository;
import dev.needle.activities.imports.Imports;
import dev.needle.activities.imports.UploadLimits;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.model.ModelCard;
import dev.needle.activities.model.OnnxClassifier;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.ProjectRepository;

/**
 * What a trainer hands back on its run, before and with its report: an ONNX network it uploads (streamed, capped), or
 * its own predictions of the pool (and optionally embeddings), validated exactly as the imports are. The report's
 * model card then says which of them is the model; {@link #check} runs a network once on a pool image before the
 * report is recorded, so a model that cannot serve the project changes nothing.
 */
@ApplicationScoped
public class HandBacks {

    @Inject
    TrainerConfig config;
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
    DatasetRegistry registry;
    @Inject
    SampleRepository samples;
    @Inject
    ImportSetRepository importSets;
    @Inject
    Imports imports;
    @Inject
    UploadLimits limits;

    /** What an upload stored: the artifact, or the import that holds it. */
    public record Upload(String artifact, long bytes, Long importId, int matched, int missing) {
    }

    /**
     * Stores the ONNX network a trainer sends, reading at most {@code needle.trainer.max-model-size} bytes of it: a
     * larger one is refused before it fills the disk, and the run keeps what it had.
     */
    public Upload model(String runId, InputStream body) {
        long limit = config.maxModelSize().asLongValue();
        long[] size = { 0 };
        String artifact = artifacts.write("models", out -> {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = body.read(buffer)) > 0;) {
                size[0] += n;
                if (size[0] > limit)
                    throw new TooLargeException("model", limit);
                out.write(buffer, 0, n);
            }
        });
        if (size[0] == 0)
            throw new BadInputException("model", "the upload is empty: send the ONNX file as the request body");
        QuarkusTransaction.requiringNew().run(() -> runs.byRun(runId).orElseThrow().uploadedModel = artifact);
        return new Upload(artifact, size[0], null, 0, 0);
    }

    /** A Lightly prediction folder (zipped) of the pool, validated as the predictions import validates it. */
    public Upload predictions(String runId, byte[] zip, String task) {
        if (zip == null || zip.length == 0)
            throw new BadInputException("predictions", "a zip archive of the predictions folder is required");
        limits.check((long) zip.length, "predictions");
        TrainerRun run = find(runId);
        Map<String, byte[]> folder = ZipFolder.read(zip, "(predictions)", LightlyPredictions.TASKS);
        ImportSet set = imports.lightlyPredictions(target(run), "trainer run " + run.run, folder, task,
                "trainer:" + run.run);
        QuarkusTransaction.requiringNew().run(() -> runs.byRun(runId).orElseThrow().uploadedPredictions = set.id);
        return uploaded(set);
    }

    /** A Lightly embeddings.csv of the pool, handed back with predictions. */
    public Upload embeddings(String runId, InputStream csv) {
        TrainerRun run = find(runId);
        ImportSet set = imports.embeddings(target(run), "trainer run " + run.run, csv, "trainer:" + run.run);
        QuarkusTransaction.requiringNew().run(() -> runs.byRun(runId).orElseThrow().uploadedEmbeddings = set.id);
        return uploaded(set);
    }

    /**
     * Checks what the report's card hands back against what the run received: an ONNX network is loaded and run once on
     * a pool image (wrong output names, a class count that is not the project's, logits declared as probabilities and
     * back, a file that does not load are refused by field); predictions must have been uploaded. Runs before the
     * report is recorded and changes nothing.
     */
    public void check(TrainerRun run, ModelCard card) {
        card.validated();
        if (ModelCard.PREDICTIONS.equals(card.kind())) {
            if (run.uploadedPredictions == null)
                throw new BadInputException("model", "no predictions were uploaded to run " + run.run
                        + ": PUT them to its predictionsUrl before reporting");
            requireWholePool(run);
            return;
        }
        if (run.uploadedModel == null)
            throw new BadInputException("model", "no ONNX file was uploaded to run " + run.run
                    + ": PUT it to its modelUrl before reporting");
        Sample sample = QuarkusTransaction.requiringNew().call(() -> samples
                .inSplit(iterations.findById(run.iterationId).datasetId, Split.POOL).stream().findFirst()
                .orElseThrow(() -> new BadInputException("model", "the dataset has no pool image to try it on")));
        Path image = QuarkusTransaction.requiringNew().call(
                () -> registry.folderOf(datasets.findById(sample.datasetId)).resolve(sample.path));
        int classes = QuarkusTransaction.requiringNew().call(() -> projects.findById(run.projectId).classes().size());
        try (OnnxClassifier classifier = OnnxClassifier.load(artifacts.file(run.uploadedModel), card)) {
            classifier.check(EncodedImage.read(image, EncodedImage.Limits.DEFAULT), classes);
        } catch (UnreadableImageException e) {
            throw new BadInputException("model", "the pool image it was tried on cannot be read: " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + image, e);
        }
    }

    /**
     * Predictions that stand in for a model must cover every pool image: an image without one would never be chosen
     * for its uncertainty. (An import may leave images out and list them; a model may not.)
     */
    private void requireWholePool(TrainerRun run) {
        List<String> missing = new ArrayList<>(imports.missing(
                QuarkusTransaction.requiringNew().call(() -> importSets.findById(run.uploadedPredictions))));
        Set<String> pool = QuarkusTransaction.requiringNew().call(() -> samples
                .inSplit(iterations.findById(run.iterationId).datasetId, Split.POOL).stream().map(s -> s.path)
                .collect(Collectors.toSet()));
        missing.retainAll(pool);
        if (!missing.isEmpty())
            throw new BadInputException("predictions", "miss " + missing.size() + " pool image"
                    + (missing.size() == 1 ? "" : "s") + ", e.g. " + String.join(", ",
                            missing.subList(0, Math.min(5, missing.size())))
                    + ": a model's predictions must cover the whole pool");
    }

    /** The artifact a checked card hands back, and the embeddings delivered with predictions (null if none). */
    record Handed(String artifact, String embeddings) {
    }

    /** In the report's transaction, after {@link #check}. */
    Handed handed(TrainerRun run, ModelCard card) {
        if (ModelCard.ONNX.equals(card.kind()))
            return new Handed(run.uploadedModel, null);
        String predictions = importSets.findById(run.uploadedPredictions).artifact;
        String embeddings = run.uploadedEmbeddings == null ? null : importSets.findById(run.uploadedEmbeddings).artifact;
        return new Handed(predictions, embeddings);
    }

    private TrainerRun find(String runId) {
        return QuarkusTransaction.requiringNew().call(() -> runs.byRun(runId).orElseThrow());
    }

    private Imports.Target target(TrainerRun run) {
        long datasetId = QuarkusTransaction.requiringNew().call(() -> iterations.findById(run.iterationId).datasetId);
        return imports.target(run.projectId, datasetId);
    }

    private static Upload uploaded(ImportSet set) {
        return new Upload(set.artifact, 0, set.id, set.matchedCount, set.missingCount);
    }

    /** The project the run trains for. */
    Project project(TrainerRun run) {
        return projects.findById(run.projectId);
    }
}
