package dev.needle.activities.embedding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.needle.activities.BadInputException;
import dev.needle.activities.StorageConfig;
import dev.needle.activities.project.Project;

/**
 * Makes the embedder a project chose. A loaded ONNX network is kept and shared (its instances are thread-safe), and
 * reloaded when its file changes, which also changes the embedder's id and so the cache key.
 */
@ApplicationScoped
public class Embedders {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SPEC_LENGTH = 4000;

    @Inject
    StorageConfig storage;
    @Inject
    ModelFeatures modelFeatures;

    private final Map<String, Embedder> loaded = new ConcurrentHashMap<>();
    private volatile ImageDescriptor builtIn;

    /**
     * The embedder the project chose: the built-in descriptor (also when its stored spec is null or empty), its ONNX
     * backbone, or the feature output of its current model ({@code model}) — which until the team's trainer hands back
     * an ONNX network with features is the built-in descriptor, so the first rounds can run.
     */
    public Embedder of(Project project) {
        if (project.embedder == null || project.embedder.isBlank())
            return builtIn();
        EmbedderSpec spec;
        try {
            spec = JSON.readValue(project.embedder, EmbedderSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable embedder spec in the database: " + project.embedder, e);
        }
        return EmbedderSpec.MODEL.equals(spec.kind()) ? modelFeatures.of(project).orElseGet(this::builtIn) : of(spec);
    }

    /**
     * Checks a spec by loading it (an ONNX network is run once) and returns what to store, or null for the built-in
     * descriptor.
     *
     * @throws BadInputException naming the field and the reason
     */
    public String validate(EmbedderSpec spec) {
        if (spec == null || spec.kind() == null || spec.kind().equals(EmbedderSpec.BUILT_IN))
            return null;
        if (spec.kind().equals(EmbedderSpec.MODEL)) {
            if (spec.model() != null || spec.inputSize() != null || spec.output() != null)
                throw new BadInputException("embedder", "a model embedder takes no model file, input size or output: "
                        + "it reads the features of the model the project's trainer hands back");
            spec = new EmbedderSpec(EmbedderSpec.MODEL, null, null, null, null, null);
        } else {
            of(spec);
        }
        String json;
        try {
            json = JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // Kept as JSON in project.embedder varchar(4000).
        if (json.length() > SPEC_LENGTH)
            throw new BadInputException("embedder", "is " + json.length() + " characters as JSON; at most " + SPEC_LENGTH);
        return json;
    }

    private Embedder of(EmbedderSpec spec) {
        if (spec.kind() == null || spec.kind().equals(EmbedderSpec.BUILT_IN))
            return builtIn();
        if (!spec.kind().equals(EmbedderSpec.ONNX)) {
            throw new BadInputException("embedder.kind", "must be " + EmbedderSpec.BUILT_IN + ", " + EmbedderSpec.ONNX
                    + " or " + EmbedderSpec.MODEL + ", was " + spec.kind());
        }
        if (spec.inputSize() == null)
            throw new BadInputException("embedder.inputSize", "is required for an ONNX embedder");
        Path model = model(spec.model());
        String key;
        try {
            key = JSON.writeValueAsString(spec) + "@" + Files.getLastModifiedTime(model) + "/" + Files.size(model);
        } catch (IOException e) {
            throw new BadInputException("embedder.model", "cannot read " + spec.model() + ": " + e);
        }
        return loaded.computeIfAbsent(key, k -> new OnnxEmbedder(
                new OnnxEmbedder.Config(model, spec.inputSize(), spec.mean(), spec.std(), spec.output()),
                EncodedImage.Limits.DEFAULT));
    }

    private Path model(String relative) {
        if (relative == null || relative.isBlank())
            throw new BadInputException("embedder.model", "is required for an ONNX embedder");
        Path root = storage.modelsRoot().toAbsolutePath().normalize();
        Path model = root.resolve(relative).normalize();
        if (!model.startsWith(root))
            throw new BadInputException("embedder.model", "must be inside the models root " + root);
        if (!Files.isRegularFile(model))
            throw new BadInputException("embedder.model", "no such file under the models root: " + relative);
        return model;
    }

    private ImageDescriptor builtIn() {
        if (builtIn == null)
            builtIn = new ImageDescriptor();
        return builtIn;
    }
}
