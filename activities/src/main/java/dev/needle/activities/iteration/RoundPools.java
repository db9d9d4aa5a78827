package dev.needle.activities.iteration;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.dataset.Split;
import dev.needle.activities.labeling.LabelRepository;
import dev.needle.workflows.messages.values.BatchItem;

/** The pool as a round's query saw it: labels given in later rounds do not repaint an earlier one. */
@ApplicationScoped
public class RoundPools {

    @Inject
    IterationRepository iterations;
    @Inject
    SampleRepository samples;
    @Inject
    LabelRepository labels;
    @Inject
    Batches batches;

    /**
     * @param pool the dataset's pool sample ids
     * @param batch the round's batch
     * @param labeledBefore pool samples labeled before the round, or imported without one
     */
    public record Pool(Set<Long> pool, List<BatchItem> batch, Set<Long> labeledBefore) {
    }

    @Transactional
    public Pool at(Iteration iteration) {
        Map<Long, Integer> roundOf = new HashMap<>();
        for (Iteration i : iterations.forProject(iteration.projectId))
            roundOf.put(i.id, i.round);
        Set<Long> labeledBefore = new HashSet<>();
        labels.labelingIterations(iteration.datasetId).forEach((sample, by) -> {
            Integer labeledIn = by == null ? null : roundOf.get(by);
            if (labeledIn == null || labeledIn < iteration.round)
                labeledBefore.add(sample);
        });
        return new Pool(samples.idsInSplit(iteration.datasetId, Split.POOL), batches.of(iteration.id), labeledBefore);
    }
}
