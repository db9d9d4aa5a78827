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

/**
 * Makes the embedder a project chose. A loaded ONNX network is kept and shared (its instances are thread-safe), and
 * reloaded when its file changes, which also changes the embedder's id and so the cache key.
 */
@ApplicationScoped
public class Embedders {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    StorageConfig storage;

    private final Map<String, Embedder> loaded = new ConcurrentHashMap<>();
    private volatile ImageDescriptor builtIn;

    /** The embedder of a project's stored spec; null or empty is the built-in descriptor. */
    public Embedder of(String storedSpec) {
        if (storedSpec == null || storedSpec.isBlank())
            return builtIn();
        try {
            return of(JSON.readValue(storedSpec, EmbedderSpec.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable embedder spec in the database: " + storedSpec, e);
        }
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
        of(spec);
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Embedder of(EmbedderSpec spec) {
        if (spec.kind() == null || spec.kind().equals(EmbedderSpec.BUILT_IN))
            return builtIn();
        if (!spec.kind().equals(EmbedderSpec.ONNX)) {
            throw new BadInputException("embedder.kind",
                    "must be " + EmbedderSpec.BUILT_IN + " or " + EmbedderSpec.ONNX + ", was " + spec.kind());
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
