package dev.needle.web.dashboard.projects;

import java.io.IOException;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import dev.needle.activities.dataset.Datasets;
import dev.needle.activities.embedding.EncodedImage;
import dev.needle.activities.embedding.OpenCv;
import dev.needle.activities.project.Projects;
import dev.needle.web.problem.ProblemException;

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
    Projects projects;
    @Inject
    Datasets datasets;

    /**
     * @param annotator when not null, the image must be assigned to this annotator in some round of the project
     */
    public Image of(String projectSlug, String fileName, String annotator) {
        // The rows are read in a transaction of their own; decoding and scaling need none.
        Path file = locate(projectSlug, fileName, annotator);
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
        Datasets.Image image = datasets.image(projectId, fileName, annotator)
                .orElseThrow(() -> ProblemException.notFound("file", "no image " + fileName + " in project " + projectSlug));
        if (!image.assigned())
            throw new ProblemException(403, "file", fileName + " is not assigned to " + annotator);
        return inside(image.folder(), image.path(), fileName);
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

    /**
     * Read under the embedders' limits (a header announcing 20,000 × 20,000 pixels is refused before any decoding) and
     * decoded at the smallest scale that still fills a thumbnail.
     */
    static Image scaled(Path file) throws IOException {
        EncodedImage encoded = EncodedImage.read(file, EncodedImage.Limits.DEFAULT);
        String type = switch (encoded.info().format()) {
            case "png" -> "image/png";
            case "jpeg" -> "image/jpeg";
            default -> null;
        };
        int side = Math.max(encoded.info().width(), encoded.info().height());
        // Small images (the demo's 28×28) go out as they are, unless the browser could not show their format.
        if (side <= MAX_SIDE && type != null)
            return new Image(encoded.bytes(), type);
        OpenCv.load();
        Mat image = encoded.decode(MAX_SIDE, true);
        Mat out = image;
        try {
            int decoded = Math.max(image.width(), image.height());
            if (decoded > MAX_SIDE) {
                double f = (double) MAX_SIDE / decoded;
                out = new Mat();
                Imgproc.resize(image, out, new Size(Math.max(1, Math.round(image.width() * f)),
                        Math.max(1, Math.round(image.height() * f))), 0, 0, Imgproc.INTER_AREA);
            }
            boolean jpeg = "image/jpeg".equals(type);
            MatOfByte bytes = new MatOfByte();
            if (!Imgcodecs.imencode(jpeg ? ".jpg" : ".png", out, bytes))
                throw new IOException("cannot encode a thumbnail of " + file.getFileName());
            return new Image(bytes.toArray(), jpeg ? "image/jpeg" : "image/png");
        } finally {
            if (out != image)
                out.release();
            image.release();
        }
    }
}
