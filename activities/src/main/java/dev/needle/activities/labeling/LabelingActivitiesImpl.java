package dev.needle.activities.labeling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.BadInputException;
import dev.needle.activities.assignment.Assignments;
import dev.needle.activities.budget.BudgetLedger;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.workflows.labeling.LabelingActivities;
import dev.needle.workflows.messages.commands.RecordLabels;
import dev.needle.workflows.messages.queries.LabelsAccepted;
import dev.needle.workflows.messages.values.LabelEntry;

@ApplicationScoped
public class LabelingActivitiesImpl implements LabelingActivities {

    @Inject
    SampleRepository samples;
    @Inject
    LabelRepository labels;
    @Inject
    BudgetLedger ledger;
    @Inject
    Assignments assignments;

    /** One transaction: either every label of the submission is stored or none is. */
    @Override
    @Transactional
    public LabelsAccepted record(RecordLabels command) {
        // The last entry for a file wins, as when a person corrects themselves within one upload.
        Map<String, String> wanted = new LinkedHashMap<>();
        for (LabelEntry entry : command.labels())
            wanted.put(entry.fileName(), entry.label());
        Map<String, Sample> byPath = new HashMap<>();
        for (Sample s : samples.byPaths(command.datasetId(), wanted.keySet()))
            byPath.put(s.path, s);
        List<String> missing = wanted.keySet().stream().filter(f -> !byPath.containsKey(f)).toList();
        if (!missing.isEmpty())
            throw new BadInputException("labels", "no such images: " + String.join(", ", missing));

        Map<Long, Label> existing = new HashMap<>();
        for (Label l : labels.forSamples(byPath.values().stream().map(s -> s.id).toList()))
            existing.put(l.sampleId, l);
        int recorded = 0;
        int unchanged = 0;
        List<Long> firstLabels = new ArrayList<>();
        Instant now = Instant.now();
        for (Map.Entry<String, String> entry : wanted.entrySet()) {
            Sample sample = byPath.get(entry.getKey());
            Label label = existing.get(sample.id);
            if (label != null && label.className.equals(entry.getValue())) {
                unchanged++;
                continue;
            }
            boolean isNew = label == null;
            if (isNew) {
                label = new Label();
                label.sampleId = sample.id;
            }
            label.className = entry.getValue();
            label.iterationId = command.iterationId();
            label.annotator = annotatorOf(command);
            label.labeledAt = now;
            if (isNew) {
                labels.persist(label);
                firstLabels.add(sample.id);
            }
            recorded++;
        }
        // Same transaction as the labels: an image's first label is spent and timed exactly once, or not at all.
        ledger.spend(command.iterationId(), firstLabels, annotatorOf(command));
        assignments.labeled(command.iterationId(), firstLabels, annotatorOf(command), now);
        return new LabelsAccepted(recorded, unchanged, -1, -1);
    }

    private static String annotatorOf(RecordLabels command) {
        return command.annotator() == null || command.annotator().isBlank() ? "unknown" : command.annotator();
    }
}
