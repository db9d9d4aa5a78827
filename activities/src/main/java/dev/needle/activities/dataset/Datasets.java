package dev.needle.activities.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.BadInputException;
import dev.needle.activities.RefusedException;
import dev.needle.activities.assignment.AssignmentRepository;
import dev.needle.activities.embedding.EmbeddingRecords;
import dev.needle.activities.embedding.EmbeddingSkip;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.Projects;

/** A project's datasets as the API reads them; registering one is {@link DatasetRegistry}'s. */
@ApplicationScoped
public class Datasets {

    /** How many of the files an embedder could not use a dataset's view lists. */
    private static final int NOT_EMBEDDED_LISTED = 1000;

    @Inject
    Projects projects;
    @Inject
    DatasetRepository datasets;
    @Inject
    SampleRepository samples;
    @Inject
    SkippedFileRepository skipped;
    @Inject
    EmbeddingRecords embeddings;
    @Inject
    AssignmentRepository assignments;
    @Inject
    DatasetRegistry registry;

    /** A dataset with the files its registration skipped and those an embedder could not use, and why. */
    public record Detail(Dataset dataset, List<SkippedFile> skipped, List<EmbeddingSkip> notEmbedded) {
    }

    /**
     * A sample's file as a project's galleries find it: the dataset's folder, the path in it, and whether the
     * annotator asked for (if any) has it in some round of the project.
     */
    public record Image(Path folder, String path, boolean assigned) {
    }

    @Transactional
    public List<Dataset> inProject(String projectSlug) {
        return datasets.forProject(projects.require(projectSlug).id);
    }

    @Transactional
    public Detail detail(String projectSlug, long id) {
        Dataset dataset = owned(projectSlug, id);
        return new Detail(dataset, skipped.inDataset(id),
                embeddings.skipsOfDataset(id, dataset.snapshot, NOT_EMBEDDED_LISTED));
    }

    /** Right after registration: the dataset and what it skipped, without the embedders' skips it cannot have yet. */
    @Transactional
    public Detail registered(Dataset dataset) {
        return new Detail(dataset, skipped.inDataset(dataset.id), List.of());
    }

    /** Every sample in id order, the row order of the dataset's embedding matrix. */
    @Transactional
    public List<Sample> samples(String projectSlug, long id) {
        owned(projectSlug, id);
        return samples.inDataset(id);
    }

    /**
     * The dataset a request names in a project, or its latest when it names none: a project without any is refused
     * as bad input (there is nothing to choose), an unknown name as not found.
     */
    @Transactional
    public Dataset chosen(Project project, String name) {
        return name == null
                ? datasets.latestForProject(project.id).orElseThrow(
                        () -> new BadInputException("dataset", "project " + project.slug + " has no dataset"))
                : datasets.named(project.id, name)
                        .orElseThrow(() -> RefusedException.notFound("dataset", "no dataset " + name));
    }

    /** Pool images without a label: the most a round of this dataset can pick. */
    @Transactional
    public long unlabeledPoolCount(long datasetId) {
        return samples.unlabeledPoolCount(datasetId);
    }

    /**
     * The image of this name in the project, newest dataset first (a name both datasets share is the newest one's
     * image, as iterations use it); empty when no sample has it.
     *
     * @param annotator when not null, {@link Image#assigned} tells whether the image is theirs in some round
     */
    @Transactional
    public Optional<Image> image(long projectId, String fileName, String annotator) {
        for (Dataset dataset : datasets.forProjectNewestFirst(projectId)) {
            Optional<Sample> sample = samples.atPath(dataset.id, fileName);
            if (sample.isEmpty())
                continue;
            return Optional.of(new Image(registry.folderOf(dataset), sample.get().path,
                    annotator == null || assignments.isAssigned(sample.get().id, annotator)));
        }
        return Optional.empty();
    }

    /**
     * The dataset, if it belongs to the project and its registration has finished: a check only, without the skip
     * lists a view reads.
     */
    private Dataset owned(String projectSlug, long id) {
        if (id <= 0)
            throw new BadInputException("id", "is " + id + "; dataset ids are positive");
        Project owner = projects.require(projectSlug);
        return datasets.ready(id).filter(d -> d.projectId == owner.id).orElseThrow(
                () -> RefusedException.notFound("dataset", "no dataset " + id + " in project " + projectSlug));
    }
}
