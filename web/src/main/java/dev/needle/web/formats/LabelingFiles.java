package dev.needle.web.formats;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.identity.SecurityIdentity;

import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.activities.assignment.Assignments;
import dev.needle.activities.assignment.BatchShare;
import dev.needle.activities.formats.ImagePrediction;
import dev.needle.activities.formats.ImageRef;
import dev.needle.activities.formats.coco.CocoDataset;
import dev.needle.activities.formats.csv.LabelCsv;
import dev.needle.activities.formats.labelstudio.LabelStudio;
import dev.needle.activities.imports.UploadLimits;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.labeling.LabelingBatch;
import dev.needle.activities.labeling.LabelingBatches;
import dev.needle.activities.prediction.Detections;
import dev.needle.activities.project.TaskType;
import dev.needle.web.assignment.AssignmentService;
import dev.needle.web.iteration.IterationMessages;
import dev.needle.web.problem.ProblemException;
import dev.needle.workflows.messages.queries.LabelsAccepted;
import dev.needle.workflows.messages.values.LabelEntry;

/**
 * An iteration's batch in the files labeling tools read, and labels back from the files they write. Labels read
 * from a file go through {@link IterationMessages#submitLabels}, the path every label takes, so the round's progress
 * advances and nothing outside the batch is stored.
 */
@ApplicationScoped
public class LabelingFiles {

    @Inject
    LabelingBatches batches;
    @Inject
    ArtifactStore artifacts;
    @Inject
    IterationMessages messages;
    @Inject
    Assignments assignments;
    @Inject
    AssignmentService assignmentService;
    @Inject
    SecurityIdentity identity;
    @Inject
    UploadLimits limits;

    public LabelingBatch batch(String slug, int round) {
        return batches.of(slug, round);
    }

    /**
     * The batch as the caller may see it, for the files they take to a labeling tool: an annotator exports their own
     * share, with their own labels (see {@link Assignments#shareOf}). Imports read the whole batch instead, so
     * that a label for someone else's image is refused by name rather than as unknown.
     */
    public LabelingBatch exported(String slug, int round) {
        LabelingBatch batch = batch(slug, round);
        BatchShare share = assignments.shareOf(batch.iteration().id, assignmentService.readerOf(identity));
        if (share.isWhole())
            return batch;
        Map<Long, LabelEntry> labels = new HashMap<>();
        batch.labels().forEach((sample, label) -> {
            if (share.shows(sample))
                labels.put(sample, label);
        });
        return new LabelingBatch(batch.project(), batch.iteration(), batch.dataset(),
                batch.images().stream().filter(i -> share.shows(i.sampleId())).toList(), labels);
    }

    public byte[] coco(String slug, int round) {
        LabelingBatch batch = exported(slug, round);
        return CocoDataset.write(batch.images(), batch.project().classes(), batch.labels(), batch.task());
    }

    public String csv(String slug, int round) {
        LabelingBatch batch = exported(slug, round);
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
        String given = LabelStudio.imageRoot(imageRoot);
        LabelingBatch batch = exported(slug, round);
        String prefix = given != null ? given : "/data/local-files/?d=" + batch.dataset().root + "/";
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

    /** A label file sent as the request body, within {@link UploadLimits}. */
    public byte[] read(Long length, InputStream body) {
        limits.check(length, "body");
        return limits.read(body, "body");
    }

    public LabelsAccepted importCoco(String slug, int round, byte[] file, String annotator) {
        limits.check((long) file.length, "file");
        LabelingBatch batch = batch(slug, round);
        List<LabelEntry> read = CocoDataset.parse("(upload)", file, batch.catalog(), batch.project().classes(), batch.task());
        return messages.submitLabels(slug, round, read, annotator);
    }

    /** Tasks Needle exported carry their project and round, so a file for another round is refused, not mixed in. */
    public LabelsAccepted importLabelStudio(String slug, int round, byte[] file, String annotator) {
        limits.check((long) file.length, "file");
        LabelingBatch batch = batch(slug, round);
        List<LabelEntry> read = LabelStudio.parseExport("(upload)", file, batch.catalog(), batch.project().classes(),
                batch.task(), new LabelStudio.Origin(slug, round));
        return messages.submitLabels(slug, round, read, annotator);
    }

    /** The iteration's predictions for its batch images: what the model thought, shown to the annotator. */
    private Map<Long, ImagePrediction> predictions(LabelingBatch batch) {
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
