package dev.needle.web.project;

import java.time.Instant;
import java.util.List;

import dev.needle.web.dataset.DatasetView;

public record ProjectView(String slug, String name, List<String> classes, Model currentModel, List<DatasetView> datasets,
        String taskType) {

    public record Model(String version, Double accuracy, int trainingSize, Instant createdAt) {
    }
}
