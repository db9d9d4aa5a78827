package dev.needle.web.formats;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.needle.activities.formats.ZipFolder;
import dev.needle.activities.formats.lightly.LightlyPredictions;
import dev.needle.activities.imports.ImportSet;
import dev.needle.activities.imports.Imports;
import dev.needle.web.problem.ProblemException;

@ApplicationScoped
public class ImportService {

    @Inject
    Imports imports;

    public ImportView embeddings(String slug, String dataset, String sourceName, InputStream csv, String user) {
        Imports.Target target = imports.target(slug, dataset);
        return view(imports.embeddings(target, name(sourceName, "embeddings.csv"),
                new InputStreamReader(csv, StandardCharsets.UTF_8), user));
    }

    public ImportView lightlyPredictions(String slug, String dataset, String task, byte[] zip, String user) {
        if (zip == null || zip.length == 0)
            throw ProblemException.badRequest("body", "a zip archive of the predictions folder is required");
        Map<String, byte[]> folder = ZipFolder.read(zip, "(upload)", LightlyPredictions.TASKS);
        return view(imports.lightlyPredictions(imports.target(slug, dataset), "(upload)", folder, task, user));
    }

    public ImportView cocoResults(String slug, String dataset, String resultsName, byte[] results, String imagesName,
            byte[] images, String user) {
        if (results == null)
            throw ProblemException.badRequest("results", "the results file is required");
        if (images == null)
            throw ProblemException.badRequest("images", "the COCO file with the dataset's images and categories is required");
        return view(imports.cocoResults(imports.target(slug, dataset), name(resultsName, "results.json"), results,
                name(imagesName, "images.json"), images, user));
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

    private static String name(String given, String fallback) {
        return given == null || given.isBlank() ? fallback : given;
    }
}
