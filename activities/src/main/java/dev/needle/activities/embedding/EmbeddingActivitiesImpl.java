package dev.needle.activities.embedding;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;

import dev.needle.activities.BadInputException;
import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.artifact.SampleMatrix;
import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.workflows.embedding.EmbeddingActivities;
import dev.needle.workflows.messages.commands.EmbedDataset;
import dev.needle.workflows.messages.values.Progress;

@ApplicationScoped
public class EmbeddingActivitiesImpl implements EmbeddingActivities {

    @Inject
    ArtifactStore artifacts;
    @Inject
    DatasetRegistry registry;
    @Inject
    DatasetRepository datasets;
    @Inject
    SampleRepository samples;
    @Inject
    EmbeddingSetRepository cache;

    private final ImageDescriptor descriptor = new ImageDescriptor();

    @Override
    public String embed(EmbedDataset command) {
        record Work(Dataset dataset, List<Sample> samples, Optional<EmbeddingSet> cached) {
        }
        Work work = QuarkusTransaction.requiringNew()
                .call(
                        () -> {
                            Dataset dataset = datasets.findByIdOptional(command.datasetId())
                                    .orElseThrow(() -> new BadInputException("dataset", "no dataset " + command.datasetId()));
                            Optional<EmbeddingSet> cached = cache.cached(dataset.id, dataset.snapshot, descriptor.id());
                            return new Work(dataset, cached.isPresent() ? List.of() : samples.inDataset(dataset.id), cached);
                        });
        if (work.cached().isPresent() && artifacts.exists(work.cached().get().artifact)) {
            return work.cached().get().artifact;
        }

        Path folder = registry.folderOf(work.dataset());
        List<Path> files = work.samples().stream().map(s -> folder.resolve(s.path)).toList();
        ActivityExecutionContext context = Activity.getExecutionContext();
        EmbeddedImages embedded;
        try {
            embedded = descriptor.embedAll(files, Runtime.getRuntime().availableProcessors(),
                    done -> context.heartbeat(new Progress(done, files.size())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Activity.wrap(e);
        }
        // Images that became unreadable since registration are left out of the matrix: they can be neither selected
        // nor used for training, which is what a user expects of a broken file.
        List<Long> ids = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (embedded.vectors()[i] != null) {
                ids.add(work.samples().get(i).id);
                rows.add(embedded.vectors()[i]);
            }
        }
        embedded.failures().forEach(f -> Log.warnf("Not embedded: %s (%s)", f.file(), f.reason()));
        SampleMatrix matrix = SampleMatrix.of(ids.stream().mapToLong(Long::longValue).toArray(), rows.toArray(float[][]::new),
                descriptor.dimension());
        String artifact = artifacts.write("embeddings", matrix::writeTo);
        QuarkusTransaction.requiringNew()
                .run(
                        () -> {
                            if (cache.cached(work.dataset().id, work.dataset().snapshot, descriptor.id()).isPresent())
                                return;
                            EmbeddingSet set = new EmbeddingSet();
                            set.datasetId = work.dataset().id;
                            set.snapshot = work.dataset().snapshot;
                            set.embedder = descriptor.id();
                            set.artifact = artifact;
                            set.dimension = descriptor.dimension();
                            set.sampleCount = ids.size();
                            set.failedCount = embedded.failures().size();
                            set.createdAt = Instant.now();
                            cache.persist(set);
                        });
        return artifact;
    }

    public String embedderId() {
        return descriptor.id();
    }
}
