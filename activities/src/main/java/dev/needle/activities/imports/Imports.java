package dev.needle.activities.imports;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.needle.activities.BadInputException;
import dev.needle.activities.RefusedException;
import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.dataset.Datasets;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.formats.Catalog;
import dev.needle.activities.formats.FormatException;
import dev.needle.activities.formats.ImagePrediction;
import dev.needle.activities.formats.ImageRef;
import dev.needle.activities.formats.PredictionSet;
import dev.needle.activities.formats.coco.CocoResults;
import dev.needle.activities.formats.lightly.LightlyEmbeddings;
import dev.needle.activities.formats.lightly.LightlyPredictions;
import dev.needle.activities.prediction.Detections;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.activities.project.Projects;
import dev.needle.activities.project.TaskType;

/**
 * Stores what users bring. Every file is read and checked in full before anything is written, so a file with one
 * fault leaves no artifact row behind; artifacts are content-addressed, so a repeated import writes nothing new.
 */
@ApplicationScoped
public class Imports {

    @Inject
    ArtifactStore artifacts;
    @Inject
    ImportSetRepository importSets;
    @Inject
    ProjectRepository projectRows;
    @Inject
    Projects projects;
    @Inject
    Datasets datasetChoice;
    @Inject
    DatasetRepository datasets;
    @Inject
    SampleRepository samples;
    @Inject
    UploadLimits limits;

    /** What an import needs to know of its target, read in one short transaction. */
    public record Target(Project project, Dataset dataset, Catalog catalog) {
    }

    /** An import with its dataset's name, as its views show it. */
    public record Imported(ImportSet set, String dataset) {
    }

    /** The target a request names: the project's dataset of that name, or its latest (see {@link Datasets#chosen}). */
    public Target target(String projectSlug, String datasetName) {
        Dataset dataset = QuarkusTransaction.requiringNew()
                .call(() -> datasetChoice.chosen(projects.require(projectSlug), datasetName));
        return target(dataset.projectId, dataset.id);
    }

    /**
     * The id of an import an iteration may use instead of a step: it must be of the right kind and belong to the
     * iteration's dataset. Null stays null (the step runs).
     *
     * @param kind {@link ImportSet#EMBEDDINGS} or {@link ImportSet#PREDICTIONS}
     * @param field the request's field naming the import, for the refusal
     */
    @Transactional
    public Long usable(Long id, String kind, Dataset dataset, String field) {
        if (id == null)
            return null;
        if (id <= 0)
            throw new BadInputException(field, "is " + id + "; import ids are positive");
        ImportSet set = importSets.findByIdOptional(id).orElseThrow(() -> new BadInputException(field, "no import " + id));
        if (set.datasetId != dataset.id)
            throw new BadInputException(field, "import " + id + " is for another dataset than " + dataset.name);
        if (!set.kind.equals(kind))
            throw new BadInputException(field, "import " + id + " holds " + set.kind + ", not " + kind);
        return id;
    }

    /** Whether an import of this id exists, in any project: what a request can check before anything else. */
    @Transactional
    public boolean exists(long id) {
        return importSets.findByIdOptional(id).isPresent();
    }

    @Transactional
    public List<Imported> inProject(String projectSlug) {
        return importSets.forProject(projects.require(projectSlug).id).stream().map(this::describe).toList();
    }

    @Transactional
    public Imported find(String projectSlug, long id) {
        if (id <= 0)
            throw new BadInputException("id", "is " + id + "; import ids are positive");
        Project project = projects.require(projectSlug);
        ImportSet set = importSets.findByIdOptional(id).filter(s -> s.projectId == project.id).orElseThrow(
                () -> RefusedException.notFound("import", "project " + projectSlug + " has no import " + id));
        return describe(set);
    }

    @Transactional
    public Imported describe(ImportSet set) {
        return new Imported(set, datasets.findById(set.datasetId).name);
    }

    public Target target(long projectId, long datasetId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Dataset dataset = datasets.ready(datasetId).orElse(null);
            if (dataset == null || dataset.projectId != projectId)
                throw new BadInputException("dataset", "no dataset " + datasetId + " in this project");
            List<ImageRef> images = samples.inDataset(datasetId).stream()
                    .map(s -> new ImageRef(s.id, s.path, s.width, s.height)).toList();
            return new Target(projectRows.findById(projectId), dataset, new Catalog(images));
        });
    }

    /** Lightly's embeddings.csv, read as it streams in, within {@link UploadLimits}. */
    public ImportSet embeddings(Target target, String sourceName, InputStream csv, String user) {
        Reader text = new InputStreamReader(limits.capped(csv, "body"), StandardCharsets.UTF_8);
        LightlyEmbeddings.Rows rows = LightlyEmbeddings.parse(sourceName, text, target.catalog(),
                limits.maxEmbeddingDimension());
        // The dataset's sample order (by id), as the built-in embedder writes it.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows.images().size(); i++)
            order.add(i);
        order.sort(Comparator.comparingLong(i -> rows.images().get(i).sampleId()));
        int d = rows.dimension();
        long[] ids = new long[order.size()];
        float[] values = new float[order.size() * d];
        for (int r = 0; r < order.size(); r++) {
            ids[r] = rows.images().get(order.get(r)).sampleId();
            System.arraycopy(rows.vectors().get(order.get(r)), 0, values, r * d, d);
        }
        SampleMatrix matrix = new SampleMatrix(ids, d, values);
        String artifact = artifacts.write("embeddings", matrix::writeTo);
        ImportSet row = row(target, ImportSet.EMBEDDINGS, "lightly-embeddings-csv", sourceName, artifact, ids, user);
        row.dimension = d;
        return persist(row);
    }

    public ImportSet lightlyPredictions(Target target, String sourceName, Map<String, byte[]> folder, String task,
            String user) {
        PredictionSet set = LightlyPredictions.parse(folder, task, target.catalog(), target.project().classes());
        return predictions(target, "lightly-predictions", sourceName, set, user, "schema.json", "task_type");
    }

    public ImportSet cocoResults(Target target, String resultsName, byte[] results, String imagesName, byte[] images,
            String user) {
        PredictionSet set = CocoResults.parse(resultsName, results, imagesName, images, target.catalog(),
                target.project().classes());
        return predictions(target, "coco-results", resultsName, set, user, resultsName, "(root)");
    }

    private ImportSet predictions(Target target, String format, String sourceName, PredictionSet set, String user,
            String taskFile, String taskField) {
        TaskType projectTask = target.project().taskType();
        if (set.task() != projectTask) {
            throw new FormatException(taskFile, taskField, "holds " + set.task().key() + " predictions but project "
                    + target.project().slug + " is " + projectTask.key());
        }
        List<ImagePrediction> images = new ArrayList<>(set.images());
        images.sort(Comparator.comparingLong(p -> p.image().sampleId()));
        long[] ids = images.stream().mapToLong(p -> p.image().sampleId()).toArray();
        String artifact;
        if (set.task() == TaskType.CLASSIFICATION) {
            int c = set.classes().size();
            float[] values = new float[ids.length * c];
            for (int i = 0; i < ids.length; i++)
                for (int k = 0; k < c; k++)
                    values[i * c + k] = (float) images.get(i).probabilities()[k];
            SampleMatrix matrix = new SampleMatrix(ids, c, values);
            artifact = artifacts.write("predictions", matrix::writeTo);
        } else {
            Detections detections = new Detections(set.classes(), images.stream()
                    .map(p -> new Detections.Image(p.image().sampleId(), p.image().width(), p.image().height(), p.boxes()))
                    .toList());
            artifact = artifacts.write(Detections.KIND, detections::writeTo);
        }
        ImportSet row = row(target, ImportSet.PREDICTIONS, format, sourceName, artifact, ids, user);
        row.taskType = set.task().key();
        return persist(row);
    }

    /** The dataset's images the import has nothing for. */
    public List<String> missing(ImportSet set) {
        if (set.missingArtifact == null)
            return List.of();
        return new String(artifacts.read(set.missingArtifact), StandardCharsets.UTF_8).lines().toList();
    }

    private ImportSet row(Target target, String kind, String format, String sourceName, String artifact, long[] matched,
            String user) {
        Set<Long> ids = new HashSet<>();
        for (long id : matched)
            ids.add(id);
        List<String> missing = Catalog.missing(target.catalog().images(), ids);
        ImportSet row = new ImportSet();
        row.projectId = target.project().id;
        row.datasetId = target.dataset().id;
        row.kind = kind;
        row.format = format;
        row.artifact = artifact;
        row.matchedCount = matched.length;
        row.missingCount = missing.size();
        if (!missing.isEmpty()) {
            byte[] lines = String.join("\n", missing).getBytes(StandardCharsets.UTF_8);
            row.missingArtifact = artifacts.write("import-missing", out -> out.write(lines));
        }
        row.sourceName = sourceName;
        row.createdBy = user;
        row.createdAt = Instant.now();
        return row;
    }

    private ImportSet persist(ImportSet row) {
        QuarkusTransaction.requiringNew().run(() -> importSets.persist(row));
        return row;
    }
}
