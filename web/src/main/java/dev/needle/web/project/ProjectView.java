package dev.needle.web.project;

import dev.needle.web.dataset.DatasetView;
import java.time.Instant;
import java.util.List;

public record ProjectView(String slug, String name, List<String> classes, Model currentModel, List<DatasetView> datasets) {

  public record Model(String version, Double accuracy, int trainingSize, Instant createdAt) {}
}
