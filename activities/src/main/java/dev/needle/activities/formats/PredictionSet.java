package dev.needle.activities.formats;

import java.util.List;

import dev.needle.activities.project.TaskType;

/**
 * Predictions read from a file a user brought, matched to the dataset's images. {@code classes} are the project's
 * classes: every category of the file was mapped onto them by name.
 */
public record PredictionSet(TaskType task, List<String> classes, List<ImagePrediction> images) {
}
