package dev.needle.web.project;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonRawValue;

import dev.needle.web.dataset.DatasetView;

/** @param embedder the project's embedder; null is the built-in OpenCV descriptor */
public record ProjectView(String slug, String name, List<String> classes, Model currentModel, List<DatasetView> datasets,
        String taskType, @JsonRawValue String embedder) {

    /**
     * @param kind how rounds predict with it: {@code builtin} (the linear probe), {@code onnx} (a trainer's network) or
     *        {@code predictions} (a trainer's own predictions of the pool)
     * @param trainerRun the trainer run that handed it back; null for a built-in model
     */
    public record Model(String version, String kind, Double accuracy, int trainingSize, Instant createdAt,
            String trainerRun) {
    }
}
