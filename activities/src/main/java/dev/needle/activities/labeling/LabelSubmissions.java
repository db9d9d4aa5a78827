package dev.needle.activities.labeling;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.needle.activities.BadInputException;
import dev.needle.activities.RefusedException;
import dev.needle.activities.artifact.ArtifactStore;
import dev.needle.activities.dataset.Sample;
import dev.needle.activities.dataset.SampleRepository;
import dev.needle.activities.formats.Checks;
import dev.needle.activities.iteration.Batches;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.IterationRepository;
import dev.needle.activities.project.ProjectRepository;
import dev.needle.workflows.messages.values.BatchItem;
import dev.needle.workflows.messages.values.LabelEntry;
import dev.needle.workflows.messages.values.LabeledBox;
import dev.needle.workflows.messages.values.Step;

/**
 * Label submissions checked against their round's batch and stored for the workflow to record: the workflow receives
 * the artifact's id, never the labels, so an upload's size is not bounded by Temporal's payload limits. The check is
 * the one every submission takes — here before it is stored, and again by the activity before it is written — with
 * the reasons the workflow gives for labels inline: images outside the batch and unknown classes by name, boxes
 * outside their image.
 */
@ApplicationScoped
public class LabelSubmissions {

    static final String KIND = "labels";
    /** Names listed in a refusal; an upload of 100,000 wrong rows gets a readable answer, not a 3 MB one. */
    private static final int NAMED = 20;
    /** Rows per {@code in (…)} query: PostgreSQL takes at most 32,767 parameters in one statement. */
    static final int CHUNK = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Inject
    IterationRepository iterations;
    @Inject
    Batches batches;
    @Inject
    ProjectRepository projects;
    @Inject
    SampleRepository samples;
    @Inject
    ArtifactStore artifacts;
    @Inject
    LabelUploadConfig limits;

    /**
     * Checks a submission for a round that waits for its labels and stores it. A refused submission stores nothing:
     * 413 over {@code needle.labels.max-entries}, 409 when the round is not labeling, 400 naming every bad label.
     */
    @Transactional
    public StoredLabels store(long iterationId, List<LabelEntry> entries) {
        if (entries.size() > limits.maxEntries())
            throw LabelUploadTooLarge.entries(limits.maxEntries());
        Iteration iteration = iterations.findById(iterationId);
        if (iteration.step != Step.LABELING) {
            throw RefusedException.wrongState("iteration", "iteration is not waiting for labels (step "
                    + (iteration.step == null ? Step.EMBED : iteration.step) + ")");
        }
        check(iteration, entries);
        return new StoredLabels(artifacts.write(KIND, out -> JSON.writeValue(out, entries)), entries.size());
    }

    /** The labels of a stored submission. */
    public List<LabelEntry> read(String artifact) {
        try (InputStream in = artifacts.open(artifact)) {
            return JSON.readValue(in, new TypeReference<List<LabelEntry>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable labels artifact " + artifact, e);
        }
    }

    /** Checks labels against the iteration's batch; returns the batch's sample ids by file name. */
    @Transactional
    public Map<String, Long> check(long iterationId, List<LabelEntry> entries) {
        return check(iterations.findById(iterationId), entries);
    }

    private Map<String, Long> check(Iteration iteration, List<LabelEntry> entries) {
        if (entries.isEmpty())
            throw new BadInputException("labels", "no labels given");
        List<BatchItem> batch = batches.of(iteration.id);
        // More labels than images can only be a mistake (another round's file, a whole dataset's export).
        if (entries.size() > batch.size())
            throw new BadInputException("labels", entries.size() + " labels for a batch of " + batch.size() + " images");
        Map<String, Long> inBatch = new HashMap<>();
        for (BatchItem item : batch)
            inBatch.put(item.fileName(), item.sampleId());
        Set<String> classes = new HashSet<>(projects.findById(iteration.projectId).classes());
        List<String> outside = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (LabelEntry entry : entries) {
            if (!inBatch.containsKey(entry.fileName()))
                outside.add(String.valueOf(entry.fileName()));
            if (entry.boxes() != null) {
                for (LabeledBox box : entry.boxes()) {
                    if (box == null || !classes.contains(box.category()))
                        unknown.add(box == null ? "null" : String.valueOf(box.category()));
                }
            } else if (!classes.contains(entry.label())) {
                unknown.add(String.valueOf(entry.label()));
            }
        }
        List<String> reasons = new ArrayList<>();
        if (!outside.isEmpty())
            reasons.add("not in this iteration's batch: " + named(outside));
        if (!unknown.isEmpty())
            reasons.add("unknown classes: " + named(unknown));
        if (!reasons.isEmpty())
            throw new BadInputException("labels", String.join("; ", reasons));
        checkBoxes(entries, inBatch);
        return inBatch;
    }

    /** A box outside its image is a mistake of the tool or the person; nothing of the submission is stored. */
    private void checkBoxes(List<LabelEntry> entries, Map<String, Long> inBatch) {
        List<Long> boxed = entries.stream().filter(e -> e.boxes() != null && !e.boxes().isEmpty())
                .map(e -> inBatch.get(e.fileName())).distinct().toList();
        Map<Long, Sample> byId = new HashMap<>();
        for (int from = 0; from < boxed.size(); from += CHUNK) {
            for (Sample s : samples.byIds(boxed.subList(from, Math.min(boxed.size(), from + CHUNK))))
                byId.put(s.id, s);
        }
        for (LabelEntry entry : entries) {
            if (entry.boxes() == null)
                continue;
            Sample sample = byId.get(inBatch.get(entry.fileName()));
            for (int i = 0; i < entry.boxes().size(); i++) {
                LabeledBox b = entry.boxes().get(i);
                // The same rule as the import files' (Checks), so a box is judged alike however it arrives.
                String problem = Checks.boxProblem(b.x(), b.y(), b.width(), b.height(), sample.width, sample.height);
                if (problem != null)
                    throw new BadInputException("labels", entry.fileName() + ": boxes[" + i + "] " + problem);
            }
        }
    }

    private static String named(List<String> names) {
        if (names.size() <= NAMED)
            return String.join(", ", names);
        return String.join(", ", names.subList(0, NAMED)) + " and " + (names.size() - NAMED) + " more";
    }
}
