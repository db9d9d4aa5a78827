package dev.needle.web.formats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;

import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.formats.Catalog;
import dev.needle.activities.formats.ImagePrediction;
import dev.needle.activities.formats.ImageRef;
import dev.needle.activities.formats.coco.CocoDataset;
import dev.needle.activities.formats.csv.LabelCsv;
import dev.needle.activities.formats.labelstudio.LabelStudio;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationActivitiesImpl;
import dev.needle.activities.labeling.Label;
import dev.needle.activities.labeling.LabelBoxes;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.activities.prediction.Detections;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.TaskType;
import dev.needle.web.assignment.AssignmentService;
import dev.needle.web.assignment.BatchShare;
import dev.needle.web.iteration.IterationService;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.project.ProjectService;
import dev.needle.workflows.messages.queries.LabelsAccepted;
import dev.needle.workflows.messages.values.BatchItem;
import dev.needle.workflows.messages.values.LabelEntry;

/**
 * An iteration's batch in the files labeling tools read, and labels back from the files they write. Labels read
 * from a file go through {@link IterationService#submitLabels}, the path every label takes, so the round's progress
 * advances and nothing outside the batch is stored.
 */
@ApplicationScoped
public class LabelingFiles {

    @Inject
    ProjectService projects;
    @Inject
    IterationActivitiesImpl iterationRecords;
    @Inject
    DatasetRepository datasets;
    @Inject
    SampleRepository samples;
    @Inject
    LabelRepository labels;
    @Inject
    ArtifactStore artifacts;
    @Inject
    IterationService iterationService;
    @Inject
    AssignmentService assignments;
    @Inject
    SecurityIdentity identity;

    /** What every file of a batch is made from, read in one transaction. */
    public record Batch(Project project, Iteration iteration, Dataset dataset, List<ImageRef> images,
            Map<Long, LabelEntry> labels) {

        public TaskType task() {
            return project.taskType();
        }

        public Catalog catalog() {
            return new Catalog(images);
        }
    }

    public Batch batch(String slug, int round) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Iteration iteration = iterationService.find(slug, round);
            Project project = projects.require(slug);
            List<BatchItem> picked = iterationRecords.batchOf(iteration.id);
            if (picked.isEmpty())
                throw ProblemException.conflict("round", "iteration " + round + " has no batch yet");
            Map<Long, Sample> byId = new HashMap<>();
            for (Sample s : samples.list("id in ?1", picked.stream().map(BatchItem::sampleId).toList()))
                byId.put(s.id, s);
            List<ImageRef> images = picked.stream().map(p -> byId.get(p.sampleId()))
                    .map(s -> new ImageRef(s.id, s.path, s.width, s.height)).toList();
            Map<Long, LabelEntry> given = new HashMap<>();
            for (Label l : labels.forSamples(byId.keySet()))
                given.put(l.sampleId, LabelBoxes.entry(l, byId.get(l.sampleId).path));
            return new Batch(project, iteration, datasets.findById(iteration.datasetId), images, given);
        });
    }

    /**
     * The batch as the caller may see it, for the files they take to a labeling tool: an annotator exports their own
     * share, with their own labels (see {@link AssignmentService#shareOf}). Imports read the whole batch instead, so
     * that a label for someone else's image is refused by name rather than as unknown.
     */
    public Batch exported(String slug, int round) {
        Batch batch = batch(slug, round);
        BatchShare share = assignments.shareOf(batch.iteration(), identity);
        if (share.isWhole())
            return batch;
        Map<Long, LabelEntry> labels = new HashMap<>();
        batch.labels().forEach((sample, label) -> {
            if (share.shows(sample))
                labels.put(sample, label);
        });
        return new Batch(batch.project(), batch.iteration(), batch.dataset(),
                batch.images().stream().filter(i -> share.shows(i.sampleId())).toList(), labels);
    }

    public byte[] coco(String slug, int round) {
        Batch batch = exported(slug, round);
        return CocoDataset.write(batch.images(), batch.project().classes(), batch.labels(), batch.task());
    }

    public String csv(String slug, int round) {
        Batch batch = exported(slug, round);
        if (batch.task() != TaskType.CLASSIFICATION)
            throw ProblemException.badRequest("format",
                    "CSV file_name,label holds classes only; export detection batches as COCO or Label Studio");
        List<LabelEntry> rows = batch.images().stream()
                .map(i -> batch.labels().getOrDefault(i.sampleId(), new LabelEntry(i.path(), null))).toList();
        return LabelCsv.write(rows);
    }

    /**
     * Label Studio tasks. {@code imageRoot} prefixes each image's path to make the URL Label Studio loads; by default
     * Label Studio's local-files URL under the dataset's folder (start Label Studio with
     * {@code LOCAL_FILES_SERVING_ENABLED=true} and {@code LOCAL_FILES_DOCUMENT_ROOT} at Needle's datasets root).
     */
    public byte[] labelStudio(String slug, int round, String imageRoot) {
        Batch batch = exported(slug, round);
        String prefix = imageRoot != null ? imageRoot : "/data/local-files/?d=" + batch.dataset().root + "/";
        Map<Long, ImagePrediction> predictions = predictions(batch);
        List<LabelStudio.Task> tasks = new ArrayList<>();
        for (ImageRef image : batch.images()) {
            tasks.add(new LabelStudio.Task(image, prefix + image.path(), predictions.get(image.sampleId()),
                    batch.labels().get(image.sampleId())));
        }
        Iteration it = batch.iteration();
        String modelVersion = it.predictionsImportId != null ? "imported:" + it.predictionsImportId : it.outputs.modelUsed();
        return LabelStudio.writeTasks(tasks, batch.project().classes(), batch.task(), modelVersion, slug, round);
    }

    public LabelsAccepted importCoco(String slug, int round, byte[] file, String annotator) {
        Batch batch = batch(slug, round);
        List<LabelEntry> read = CocoDataset.parse("(upload)", file, batch.catalog(), batch.project().classes(), batch.task());
        return iterationService.submitLabels(slug, round, read, annotator);
    }

    public LabelsAccepted importLabelStudio(String slug, int round, byte[] file, String annotator) {
        Batch batch = batch(slug, round);
        List<LabelEntry> read = LabelStudio.parseExport("(upload)", file, batch.catalog(), batch.project().classes(),
                batch.task());
        return iterationService.submitLabels(slug, round, read, annotator);
    }

    /** The iteration's predictions for its batch images: what the model thought, shown to the annotator. */
    private Map<Long, ImagePrediction> predictions(Batch batch) {
        String artifact = batch.iteration().outputs.predictions();
        Map<Long, ImagePrediction> out = new HashMap<>();
        if (artifact == null)
            return out;
        Map<Long, ImageRef> wanted = new HashMap<>();
        for (ImageRef image : batch.images())
            wanted.put(image.sampleId(), image);
        if (Detections.isDetections(artifact)) {
            for (Detections.Image d : Detections.readFrom(artifacts.open(artifact)).images()) {
                ImageRef image = wanted.get(d.sampleId());
                if (image != null)
                    out.put(d.sampleId(), new ImagePrediction(image, null, d.boxes()));
            }
        } else {
            SampleMatrix matrix = SampleMatrix.readFrom(artifacts.open(artifact));
            for (int r = 0; r < matrix.rows(); r++) {
                ImageRef image = wanted.get(matrix.sampleIds()[r]);
                if (image == null)
                    continue;
                float[] row = matrix.row(r);
                double[] p = new double[row.length];
                for (int k = 0; k < row.length; k++)
                    p[k] = row[k];
                out.put(image.sampleId(), new ImagePrediction(image, p, null));
            }
        }
        return out;
    }

}
