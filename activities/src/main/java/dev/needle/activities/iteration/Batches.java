package dev.needle.activities.iteration;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.selection.SelectedSample;
import dev.needle.activities.selection.SelectedSampleRepository;
import dev.needle.workflows.messages.values.BatchItem;

/** The batch a round's query step recorded: the one reading of it, for the workflow's activities and every view. */
@ApplicationScoped
public class Batches {

    @Inject
    SelectedSampleRepository selections;
    @Inject
    SampleRepository samples;

    /** The recorded batch of an iteration, in pick order; empty before its query step. */
    @Transactional
    public List<BatchItem> of(long iterationId) {
        List<SelectedSample> picked = selections.forIteration(iterationId);
        if (picked.isEmpty())
            return List.of();
        Map<Long, Sample> byId = samples.byIds(picked.stream().map(p -> p.sampleId).toList()).stream()
                .collect(Collectors.toMap(s -> s.id, Function.identity()));
        return picked.stream()
                .map(p -> new BatchItem(p.sampleId, byId.get(p.sampleId).path, p.rank,
                        p.score == null ? Double.NaN : p.score))
                .toList();
    }
}
