package dev.needle.activities.iteration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.dataset.SkippedFileRepository;
import dev.needle.activities.embedding.EmbeddingRecords;
import dev.needle.activities.embedding.EmbeddingSetRepository;

/** The files an iteration could not use: skipped at registration, or unreadable to its embedder. */
@ApplicationScoped
public class IterationSkips {

    /** How many of each are listed; the counts are always complete. */
    static final int LISTED = 100;

    /**
     * @param registration files the dataset's registration skipped
     * @param embedding registered images the embedder could not use
     * @param files up to {@value #LISTED} of each, with where and why
     */
    public record Skipped(long registration, long embedding, List<File> files) {
    }

    /** @param stage {@code registration} or {@code embedding} */
    public record File(String path, String reason, String stage) {
    }

    @Inject
    DatasetRepository datasets;
    @Inject
    SkippedFileRepository skippedFiles;
    @Inject
    EmbeddingRecords records;
    @Inject
    EmbeddingSetRepository embeddingSets;

    /** Joins the caller's transaction (an iteration's read) or opens its own. */
    @Transactional
    public Skipped count(Iteration iteration) {
        Dataset dataset = datasets.findById(iteration.datasetId);
        List<File> files = new ArrayList<>();
        skippedFiles.firstInDataset(dataset.id, LISTED).forEach(s -> files.add(new File(s.path, s.reason, "registration")));
        Optional<String> embedder = records.run(iteration.id).map(run -> run.embedder)
                .or(() -> iteration.outputs.embeddings() == null ? Optional.empty()
                        : embeddingSets.embedderOf(iteration.outputs.embeddings()));
        long embedding = 0;
        if (embedder.isPresent()) {
            embedding = records.countSkips(dataset.id, dataset.snapshot, embedder.get());
            records.skips(dataset.id, dataset.snapshot, embedder.get(), LISTED)
                    .forEach(s -> files.add(new File(s.path, s.reason, "embedding")));
        }
        return new Skipped(dataset.skippedCount, embedding, files);
    }
}
