package dev.needle.activities.labeling;

import java.util.List;
import java.util.Map;

import dev.needle.activities.dataset.Dataset;
import dev.needle.activities.formats.Catalog;
import dev.needle.activities.formats.ImageRef;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.project.Project;
import dev.needle.activities.project.TaskType;
import dev.needle.workflows.messages.values.LabelEntry;

/**
 * What every labeling-tool file of a round's batch is made from, read in one transaction: the batch's images in pick
 * order and the labels given so far, by sample id.
 */
public record LabelingBatch(Project project, Iteration iteration, Dataset dataset, List<ImageRef> images,
        Map<Long, LabelEntry> labels) {

    public TaskType task() {
        return project.taskType();
    }

    public Catalog catalog() {
        return new Catalog(images);
    }
}
