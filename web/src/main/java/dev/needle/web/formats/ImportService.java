package dev.needle.web.formats;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.formats.ZipFolder;
import dev.needle.activities.formats.lightly.LightlyPredictions;
import dev.needle.activities.imports.ImportSet;
import dev.needle.activities.imports.ImportSetRepository;
import dev.needle.activities.imports.Imports;
import dev.needle.activities.project.Project;
import dev.needle.web.problem.ProblemException;
import dev.needle.web.project.ProjectService;

@ApplicationScoped
public class ImportService {

    @Inject
    ProjectService projects;
    @Inject
    DatasetRepository datasets;
    @Inject
    ImportSetRepository importSets;
    @Inject
    Imports imports;

    public ImportView embeddings(String slug, String dataset, String sourceName, InputStream csv, String user) {
        Imports.Target target = target(slug, dataset);
        return view(imports.embeddings(target, name(sourceName, "embeddings.csv"),
                new InputStreamReader(csv, StandardCharsets.UTF_8), user));
    }

    public ImportView lightlyPredictions(String slug, String dataset, String task, byte[] zip, String user) {
        if (zip == null || zip.length == 0)
            throw ProblemException.badRequest("body", "a zip archive of the predictions folder is required");
        Map<String, byte[]> folder = ZipFolder.read(zip, "(upload)", LightlyPredictions.TASKS);
        return view(imports.lightlyPredictions(target(slug, dataset), "(upload)", folder, task, user));
    }

    public ImportView cocoResults(String slug, String dataset, String resultsName, byte[] results, String imagesName,
            byte[] images, String user) {
        if (results == null)
            throw ProblemException.badRequest("results", "the results file is required");
        if (images == null)
            throw ProblemException.badRequest("images", "the COCO file with the dataset's images and categories is required");
        return view(imports.cocoResults(target(slug, dataset), name(resultsName, "results.json"), results,
                name(imagesName, "images.json"), images, user));
    }

    @Transactional
    public List<ImportView> list(String slug) {
        return importSets.forProject(projects.require(slug).id).stream().map(s -> view(s, List.of())).toList();
    }

    public ImportView get(String slug, long id) {
        ImportSet set = QuarkusTransaction.requiringNew().call(() -> {
            Project project = projects.require(slug);
            return importSets.findByIdOptional(id).filter(s -> s.projectId == project.id)
                    .orElseThrow(() -> ProblemException.notFound("import", "project " + slug + " has no import " + id));
        });
        return view(set);
    }

    private Imports.Target target(String slug, String datasetName) {
        Dataset dataset = QuarkusTransaction.requiringNew().call(() -> {
            Project project = projects.require(slug);
            return datasetName == null
                    ? datasets.latestForProject(project.id)
                            .orElseThrow(() -> ProblemException.badRequest("dataset", "project " + slug + " has no dataset"))
                    : datasets.find("projectId = ?1 and name = ?2", project.id, datasetName).firstResultOptional()
                            .orElseThrow(() -> ProblemException.notFound("dataset", "no dataset " + datasetName));
        });
        return imports.target(dataset.projectId, dataset.id);
    }

    private ImportView view(ImportSet set) {
        return view(set, imports.missing(set));
    }

    private ImportView view(ImportSet set, List<String> missing) {
        String dataset = QuarkusTransaction.joiningExisting().call(() -> datasets.findById(set.datasetId).name);
        return new ImportView(set.id, set.kind, set.format, set.taskType, dataset, set.sourceName, set.dimension,
                set.matchedCount, set.missingCount, missing, set.createdBy, set.createdAt);
    }

    private static String name(String given, String fallback) {
        return given == null || given.isBlank() ? fallback : given;
    }
}
