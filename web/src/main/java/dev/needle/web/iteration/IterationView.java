package dev.needle.web.iteration;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.needle.activities.iteration.IterationSkips;
import dev.needle.workflows.messages.values.IterationStatus;
import dev.needle.workflows.messages.values.Step;

/**
 * Everything about one iteration, read from the database (the durable record), so it survives restarts.
 * {@code progress} is the current step's: labels received of the batch while labeling, images embedded (or skipped)
 * of the dataset with rate and ETA while embedding, pool images predicted with rate and ETA while a trainer's ONNX
 * network predicts (both live from the shards' heartbeats), null otherwise.
 * {@code labelingDeadline} is the current one (moved by an EXTEND); {@code reminders} are fractions of the labeling
 * time; {@code trainer} is BUILTIN, WEBHOOK or KUBERNETES. {@code skipped} counts and lists the files this iteration
 * could not use: those registration skipped and those the embedder could not read. For an annotator, {@code batch},
 * {@code labeled} and the labeling {@code progress} cover only the images assigned to them.
 */
public record IterationView(
        int round,
        String project,
        String dataset,
        IterationStatus status,
        Step step,
        String statusReason,
        String strategy,
        String strategyUsed,
        Boolean coldStart,
        int batchSize,
        long seed,
        String scorer,
        Instant labelingDeadline,
        boolean deadlineExpired,
        int labeled,
        ProgressView progress,
        List<Item> batch,
        String modelUsed,
        String modelProduced,
        Double accuracy,
        Integer trainingSize,
        @JsonRawValue String lineage,
        List<Event> events,
        Instant createdAt,
        Instant finishedAt,
        String deadlinePolicy,
        boolean deadlineExtended,
        List<Double> reminders,
        String trainer,
        IterationSkips.Skipped skipped) {

    /**
     * Where the model the round predicted with came from, for people: its kind and the trainer run that handed it
     * back, as the lineage records them (e.g. {@code onnx · trainer run 6f1c…}); empty on a cold start.
     */
    public String modelSource() {
        if (lineage == null || lineage.isBlank())
            return "";
        try {
            JsonNode recorded = SOURCE_READER.readTree(lineage);
            String kind = recorded.path("modelKind").asText("");
            String run = recorded.path("trainerRun").asText("");
            return kind + (run.isEmpty() ? "" : " · trainer run " + run);
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    private static final ObjectMapper SOURCE_READER = new ObjectMapper();

    /** One selected image; {@code label} is null until someone labels it. */
    public record Item(String fileName, int rank, Double score, String label) {
    }

    public record Event(Instant at, String kind, Step step, String detail) {
    }
}
