package dev.needle.activities.model;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.embedding.Embedder;
import dev.needle.activities.embedding.EncodedImage;
import dev.needle.activities.embedding.ModelFeatures;
import dev.needle.activities.project.Project;
import dev.needle.activities.training.ModelKind;
import dev.needle.activities.training.ModelVersion;
import dev.needle.activities.training.ModelVersionRepository;

/**
 * The trainers' ONNX networks a worker has loaded, one per model version: loading one takes a while and a session
 * serves every thread, so each is loaded once and kept.
 */
@ApplicationScoped
public class TrainerModels implements ModelFeatures {

    @Inject
    ArtifactStore artifacts;
    @Inject
    ModelVersionRepository models;

    private final Map<Long, OnnxClassifier> loaded = new ConcurrentHashMap<>();

    public OnnxClassifier classifier(ModelVersion model) {
        if (model.kind != ModelKind.ONNX)
            throw new IllegalArgumentException("model " + model.version + " is " + model.kind.key() + ", not onnx");
        return loaded.computeIfAbsent(model.id,
                id -> OnnxClassifier.load(artifacts.file(model.artifact), ModelCard.fromJson(model.card)));
    }

    /** Embeddings are cached per embedder id: one per model version, so a new model embeds the pool anew. */
    @Override
    public Optional<Embedder> of(Project project) {
        ModelVersion model = project.currentModelId == null ? null : models.findById(project.currentModelId);
        if (model == null || model.kind != ModelKind.ONNX)
            return Optional.empty();
        OnnxClassifier classifier = classifier(model);
        return classifier.hasFeatures()
                ? Optional.of(classifier.features("model-" + model.version, EncodedImage.Limits.DEFAULT))
                : Optional.empty();
    }

    @PreDestroy
    void close() {
        loaded.values().forEach(OnnxClassifier::close);
    }
}
