package dev.needle.web.dashboard.projects;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.needle.activities.assignment.AssignmentRepository;
import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.embedding.OpenCv;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.project.ProjectService;

/**
 * Small images of a project's samples for galleries. A file is found by its sample row, never by joining the request to
 * a folder: a name that is no sample of the project (such as {@code ../x}) is simply unknown.
 */
@ApplicationScoped
public class Thumbnails {

    /** Longest side of a thumbnail; the gallery shows them at 96–160 px. */
    static final int MAX_SIDE = 160;

    public record Image(byte[] bytes, String mediaType) {
    }

    @Inject
    ProjectService projects;
    @Inject
    DatasetRepository datasets;
    @Inject
    SampleRepository samples;
    @Inject
    DatasetRegistry registry;
    @Inject
    AssignmentRepository assignments;

    /**
     * @param annotator when not null, the image must be assigned to this annotator in some round of the project
     */
    public Image of(String projectSlug, String fileName, String annotator) {
        // The rows are read in a transaction of their own; decoding and scaling need none.
        Path file = QuarkusTransaction.joiningExisting().call(() -> locate(projectSlug, fileName, annotator));
        try {
            return scaled(file);
        } catch (IOException e) {
            throw ProblemException.notFound("file", "cannot read " + fileName);
        }
    }

    private Path locate(String projectSlug, String fileName, String annotator) {
        long projectId = projects.require(projectSlug).id;
        if (fileName == null || fileName.isBlank())
            throw ProblemException.badRequest("file", "is required");
        // Newest dataset first: a name both datasets share is the newest one's image, as iterations use it.
        for (Dataset dataset : datasets.list("projectId = ?1 order by id desc", projectId)) {
            Sample sample = samples.find("datasetId = ?1 and path = ?2", dataset.id, fileName).firstResult();
            if (sample == null)
                continue;
            if (annotator != null
                    && assignments.count("sampleId = ?1 and annotator = ?2", sample.id, annotator) == 0) {
                throw new ProblemException(403, "file", fileName + " is not assigned to " + annotator);
            }
            return inside(registry.folderOf(dataset), sample.path, fileName);
        }
        throw ProblemException.notFound("file", "no image " + fileName + " in project " + projectSlug);
    }

    /** Belt and braces: a sample's path came from a walk of the folder, but a link placed there later could lead out. */
    private static Path inside(Path folder, String relative, String fileName) {
        try {
            Path root = folder.toAbsolutePath().normalize();
            Path file = root.resolve(relative).normalize();
            if (!file.startsWith(root) || !file.toRealPath().startsWith(root.toRealPath()))
                throw ProblemException.notFound("file", "no image " + fileName);
            return file;
        } catch (IOException e) {
            throw ProblemException.notFound("file", "image " + fileName + " is gone from its dataset folder");
        }
    }

    static Image scaled(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String type = name.endsWith(".png") ? "image/png"
                : name.endsWith(".jpg") || name.endsWith(".jpeg") ? "image/jpeg" : null;
        byte[] bytes = Files.readAllBytes(file);
        OpenCv.load();
        Mat image = Imgcodecs.imdecode(new MatOfByte(bytes), Imgcodecs.IMREAD_UNCHANGED);
        if (image.empty())
            throw new IOException("not an image: " + file.getFileName());
        try {
            int side = Math.max(image.width(), image.height());
            // Small images (the demo's 28×28) go out as they are, unless the browser could not show their format.
            if (side <= MAX_SIDE && type != null)
                return new Image(bytes, type);
            Mat out = image;
            if (side > MAX_SIDE) {
                double f = (double) MAX_SIDE / side;
                out = new Mat();
                Imgproc.resize(image, out, new Size(Math.max(1, Math.round(image.width() * f)),
                        Math.max(1, Math.round(image.height() * f))), 0, 0, Imgproc.INTER_AREA);
            }
            boolean jpeg = "image/jpeg".equals(type);
            MatOfByte encoded = new MatOfByte();
            if (!Imgcodecs.imencode(jpeg ? ".jpg" : ".png", out, encoded))
                throw new IOException("cannot encode a thumbnail of " + file.getFileName());
            return new Image(encoded.toArray(), jpeg ? "image/jpeg" : "image/png");
        } finally {
            image.release();
        }
    }
}
