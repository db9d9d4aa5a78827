package dev.needle.activities.labeling;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.RefusedException;
import dev.needle.activities.dataset.DatasetRepository;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.formats.ImageRef;
import dev.needle.activities.iteration.Batches;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.Iterations;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.workflows.messages.values.BatchItem;
import dev.needle.workflows.messages.values.LabelEntry;

/** Reads a round's batch for the files labeling tools exchange with Needle. */
@ApplicationScoped
public class LabelingBatches {

    @Inject
    Iterations iterations;
    @Inject
    ProjectRepository projects;
    @Inject
    Batches batches;
    @Inject
    SampleRepository samples;
    @Inject
    LabelRepository labels;
    @Inject
    DatasetRepository datasets;

    /** The whole batch of a round; a round before its query step has none to give (409). */
    @Transactional
    public LabelingBatch of(String projectSlug, int round) {
        Iteration iteration = iterations.find(projectSlug, round);
        List<BatchItem> picked = batches.of(iteration.id);
        if (picked.isEmpty())
            throw RefusedException.wrongState("round", "iteration " + round + " has no batch yet");
        Map<Long, Sample> byId = new HashMap<>();
        for (Sample s : samples.byIds(picked.stream().map(BatchItem::sampleId).toList()))
            byId.put(s.id, s);
        List<ImageRef> images = picked.stream().map(p -> byId.get(p.sampleId()))
                .map(s -> new ImageRef(s.id, s.path, s.width, s.height)).toList();
        Map<Long, LabelEntry> given = new HashMap<>();
        for (Label l : labels.forSamples(byId.keySet()))
            given.put(l.sampleId, LabelBoxes.entry(l, byId.get(l.sampleId).path));
        return new LabelingBatch(projects.findById(iteration.projectId), iteration,
                datasets.findById(iteration.datasetId), images, given);
    }
}
