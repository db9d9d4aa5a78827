package dev.needle.web.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.needle.activities.formats.ZipFolder;
import dev.needle.activities.formats.lightly.LightlyPredictions;
import dev.needle.activities.imports.ImportSet;
import dev.needle.activities.imports.Imports;
import dev.needle.activities.imports.UploadLimits;
import dev.needle.web.problem.ProblemException;

/**
 * The imports API over {@link Imports}: every upload is held to {@link UploadLimits} (a declared size before it is
 * read, a stream while it is), and every name a client gives is checked before the file is.
 */
@ApplicationScoped
public class ImportService {

    /** Length of the column an upload's name is kept in (V2). */
    private static final int MAX_NAME = 1000;

    @Inject
    Imports imports;
    @Inject
    UploadLimits limits;

    public ImportView embeddings(String slug, String dataset, String fileName, Long length, InputStream csv,
            String user) {
        String name = name(fileName, "embeddings.csv", "fileName");
        limits.check(length, "body");
        Imports.Target target = imports.target(slug, dataset);
        return view(imports.embeddings(target, name, csv, user));
    }

    public ImportView lightlyPredictions(String slug, String dataset, String task, Long length, InputStream zip,
            String user) {
        limits.check(length, "body");
        Imports.Target target = imports.target(slug, dataset);
        Map<String, byte[]> folder = ZipFolder.read(limits.read(zip, "body"), "(upload)", LightlyPredictions.TASKS);
        return view(imports.lightlyPredictions(target, "(upload)", folder, task, user));
    }

    public ImportView cocoResults(String slug, String dataset, FileUpload results, FileUpload images, String user) {
        String resultsName = name(results == null ? null : results.fileName(), "results.json", "results");
        String imagesName = name(images == null ? null : images.fileName(), "images.json", "images");
        byte[] resultsFile = read(results, "results", "the results file [{image_id, category_id, bbox, score}]");
        byte[] imagesFile = read(images, "images", "the COCO file with the dataset's images and categories");
        return view(imports.cocoResults(imports.target(slug, dataset), resultsName, resultsFile, imagesName,
                imagesFile, user));
    }

    public List<ImportView> list(String slug) {
        return imports.inProject(slug).stream().map(i -> view(i, List.of())).toList();
    }

    public ImportView get(String slug, long id) {
        Imports.Imported found = imports.find(slug, id);
        return view(found, imports.missing(found.set()));
    }

    private ImportView view(ImportSet set) {
        return view(imports.describe(set), imports.missing(set));
    }

    private static ImportView view(Imports.Imported imported, List<String> missing) {
        ImportSet set = imported.set();
        return new ImportView(set.id, set.kind, set.format, set.taskType, imported.dataset(), set.sourceName,
                set.dimension, set.matchedCount, set.missingCount, missing, set.createdBy, set.createdAt);
    }

    /** One part of a multipart upload, which must be there, be a file and hold something, within the limit. */
    private byte[] read(FileUpload upload, String part, String what) {
        if (upload == null)
            throw ProblemException.badRequest(part, "is missing: send " + what + " as the multipart part '" + part + "'");
        limits.check(upload.size(), part);
        if (upload.size() == 0)
            throw ProblemException.badRequest(part, "is empty: send " + what);
        try {
            return Files.readAllBytes(upload.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(String given, String fallback, String field) {
        if (given == null || given.isBlank())
            return fallback;
        if (given.length() > MAX_NAME)
            throw ProblemException.badRequest(field, "the file name is " + given.length() + " characters long; at most "
                    + MAX_NAME);
        return given;
    }
}
