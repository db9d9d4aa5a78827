package dev.needle.activities.labeling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.needle.activities.BadInputException;
import dev.needle.activities.assignment.Assignments;
import dev.needle.activities.budget.BudgetLedger;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.formats.Checks;
import dev.needle.workflows.labeling.LabelingActivities;
import dev.needle.workflows.messages.commands.RecordLabels;
import dev.needle.workflows.messages.commands.RemoveLabels;
import dev.needle.workflows.messages.queries.LabelsAccepted;
import dev.needle.workflows.messages.values.LabelEntry;
import dev.needle.workflows.messages.values.LabeledBox;

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
        Map<String, LabelEntry> wanted = new LinkedHashMap<>();
        for (LabelEntry entry : command.labels())
            wanted.put(entry.fileName(), entry);
        Map<String, Sample> byPath = new HashMap<>();
        for (Sample s : samples.byPaths(command.datasetId(), wanted.keySet()))
            byPath.put(s.path, s);
        List<String> missing = wanted.keySet().stream().filter(f -> !byPath.containsKey(f)).toList();
        if (!missing.isEmpty())
            throw new BadInputException("labels", "no such images: " + String.join(", ", missing));
        for (LabelEntry entry : wanted.values())
            checkBoxes(entry, byPath.get(entry.fileName()));

        Map<Long, Label> existing = new HashMap<>();
        for (Label l : labels.forSamples(byPath.values().stream().map(s -> s.id).toList()))
            existing.put(l.sampleId, l);
        int recorded = 0;
        int unchanged = 0;
        List<Long> firstLabels = new ArrayList<>();
        Instant now = Instant.now();
        for (LabelEntry entry : wanted.values()) {
            Sample sample = byPath.get(entry.fileName());
            Label label = existing.get(sample.id);
            String boxes = LabelBoxes.toJson(entry.boxes());
            String className = entry.boxes() == null ? entry.label() : null;
            if (label != null && Objects.equals(label.className, className) && Objects.equals(label.boxes, boxes)) {
                if (command.source() != null)
                    label.sourceRef = command.source();
                unchanged++;
                continue;
            }
            boolean isNew = label == null;
            if (isNew) {
                label = new Label();
                label.sampleId = sample.id;
            }
            label.className = className;
            label.boxes = boxes;
            label.sourceRef = command.source();
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

    @Override
    @Transactional
    public List<String> remove(RemoveLabels command) {
        List<String> paths = new ArrayList<>();
        for (Label label : labels.list("iterationId = ?1 and sourceRef = ?2", command.iterationId(), command.source())) {
            paths.add(samples.findById(label.sampleId).path);
            labels.delete(label);
        }
        return paths;
    }

    /** A box outside its image is a mistake of the tool or the person; nothing of the upload is stored. */
    private static void checkBoxes(LabelEntry entry, Sample sample) {
        if (entry.boxes() == null)
            return;
        for (int i = 0; i < entry.boxes().size(); i++) {
            LabeledBox b = entry.boxes().get(i);
            String problem = Checks.boxProblem(b.x(), b.y(), b.width(), b.height(), sample.width, sample.height);
            if (problem != null)
                throw new BadInputException("labels", entry.fileName() + ": boxes[" + i + "] " + problem);
        }
    }

    private static String annotatorOf(RecordLabels command) {
        return command.annotator() == null || command.annotator().isBlank() ? "unknown" : command.annotator();
    }
}
