package dev.needle.web.project;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonRawValue;

import dev.needle.web.dataset.DatasetView;

/** @param embedder the project's embedder; null is the built-in OpenCV descriptor */
public record ProjectView(String slug, String name, List<String> classes, Model currentModel, List<DatasetView> datasets,
        String taskType, @JsonRawValue String embedder) {

    public record Model(String version, Double accuracy, int trainingSize, Instant createdAt) {
    }
}
