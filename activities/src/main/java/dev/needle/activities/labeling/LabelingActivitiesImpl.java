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

import dev.needle.activities.assignment.Assignments;
import dev.needle.activities.budget.BudgetLedger;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.workflows.labeling.LabelingActivities;
import dev.needle.workflows.messages.commands.RecordLabels;
import dev.needle.workflows.messages.commands.RecordStoredLabels;
import dev.needle.workflows.messages.commands.RemoveLabels;
import dev.needle.workflows.messages.queries.LabelsAccepted;
import dev.needle.workflows.messages.values.LabelEntry;

@ApplicationScoped
public class LabelingActivitiesImpl implements LabelingActivities {

    @Inject
    SampleRepository samples;
    @Inject
    LabelSubmissions submissions;
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
        return write(command.iterationId(), command.labels(), command.annotator(), command.source());
    }

    @Override
    @Transactional
    public LabelsAccepted recordStored(RecordStoredLabels command) {
        return write(command.iterationId(), submissions.read(command.labelsArtifact()), command.annotator(),
                command.source());
    }

    private LabelsAccepted write(long iterationId, List<LabelEntry> entries, String annotator, String source) {
        String by = annotator == null || annotator.isBlank() ? "unknown" : annotator;
        Map<String, Long> inBatch = submissions.check(iterationId, entries);
        // The last entry for a file wins, as when a person corrects themselves within one upload.
        Map<String, LabelEntry> wanted = new LinkedHashMap<>();
        for (LabelEntry entry : entries)
            wanted.put(entry.fileName(), entry);
        List<Long> sampleIds = wanted.keySet().stream().map(inBatch::get).toList();
        Map<Long, Label> existing = new HashMap<>();
        for (List<Long> chunk : chunks(sampleIds)) {
            for (Label l : labels.forSamples(chunk))
                existing.put(l.sampleId, l);
        }
        int recorded = 0;
        int unchanged = 0;
        List<Long> firstLabels = new ArrayList<>();
        Instant now = Instant.now();
        for (LabelEntry entry : wanted.values()) {
            long sampleId = inBatch.get(entry.fileName());
            Label label = existing.get(sampleId);
            String boxes = LabelBoxes.toJson(entry.boxes());
            String className = entry.boxes() == null ? entry.label() : null;
            if (label != null && Objects.equals(label.className, className) && Objects.equals(label.boxes, boxes)) {
                if (source != null)
                    label.sourceRef = source;
                unchanged++;
                continue;
            }
            boolean isNew = label == null;
            if (isNew) {
                label = new Label();
                label.sampleId = sampleId;
            }
            label.className = className;
            label.boxes = boxes;
            label.sourceRef = source;
            label.iterationId = iterationId;
            label.annotator = by;
            label.labeledAt = now;
            if (isNew) {
                labels.persist(label);
                firstLabels.add(sampleId);
            }
            recorded++;
        }
        // Same transaction as the labels: an image's first label is spent and timed exactly once, or not at all.
        ledger.spend(iterationId, firstLabels, by);
        for (List<Long> chunk : chunks(firstLabels))
            assignments.labeled(iterationId, chunk, by, now);
        labels.flush();
        // The database's count, not the workflow's: it holds however many labels an upload carried.
        return new LabelsAccepted(recorded, unchanged, (int) labels.countInBatch(iterationId), inBatch.size());
    }

    private static List<List<Long>> chunks(List<Long> ids) {
        List<List<Long>> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += LabelSubmissions.CHUNK)
            out.add(ids.subList(from, Math.min(ids.size(), from + LabelSubmissions.CHUNK)));
        return out;
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
}
