package dev.needle.web.labelstudio;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import dev.needle.activities.formats.FormatException;
import dev.needle.activities.formats.Json;
import dev.needle.activities.formats.labelstudio.LabelStudio;
import dev.needle.activities.imports.UploadLimits;
import dev.needle.activities.iteration.Iteration;
import dev.needle.activities.iteration.Iterations;
import dev.needle.activities.labeling.LabelingBatch;
import dev.needle.web.NeedleConfig;
import dev.needle.web.formats.LabelingFiles;
import dev.needle.web.iteration.IterationMessages;
import dev.needle.web.problem.ProblemException;
import dev.needle.workflows.messages.queries.LabelsAccepted;
import dev.needle.workflows.messages.queries.LabelsWithdrawn;
import dev.needle.workflows.messages.values.LabelEntry;

/**
 * Label Studio's annotation webhooks. A created or updated annotation becomes a label through
 * {@link IterationMessages#submitLabels}, like an upload, tagged with the annotation's id; a deleted annotation
 * withdraws the label carrying that id through the workflow, so the round waits for that image again. Replaying an event
 * changes nothing: the same label is counted unchanged, and
 * a label already withdrawn is not found again. The task's {@code data} must be a task Needle exported (it names the
 * image and the round).
 */
@ApplicationScoped
public class LabelStudioWebhook {

    public static final String SECRET_HEADER = "X-Needle-Secret";
    private static final String FILE = "(webhook payload)";

    @Inject
    NeedleConfig config;
    @Inject
    Iterations iterations;
    @Inject
    IterationMessages messages;
    @Inject
    LabelingFiles files;
    @Inject
    UploadLimits limits;

    public void authenticate(String secret) {
        String expected = config.labelStudio().webhookSecret().orElse(null);
        if (expected == null || secret == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(401, SECRET_HEADER, expected == null
                    ? "the webhook is off: needle.label-studio.webhook-secret is not set"
                    : "missing or wrong shared secret");
        }
    }

    public WebhookResult handle(String slug, byte[] body) {
        // A labeling tool's event is small; one over the upload cap is refused like any label file.
        limits.check((long) body.length, "body");
        JsonNode event = Json.object(Json.parse(body, FILE), FILE, "(root)");
        String action = Json.text(event.get("action"), FILE, "action");
        switch (action) {
            case "ANNOTATION_CREATED", "ANNOTATION_UPDATED" -> {
                return record(slug, action, event);
            }
            case "ANNOTATION_DELETED", "ANNOTATIONS_DELETED" -> {
                List<String> withdrawn = new ArrayList<>();
                Integer labeledInBatch = null;
                for (long id : deletedIds(event)) {
                    // A deletion names the annotation only; the stored label knows its round. None stored: gone already.
                    Iteration iteration = iterations.labeledFrom(source(id)).orElse(null);
                    if (iteration == null)
                        continue;
                    LabelsWithdrawn done = messages.withdrawLabels(iteration, source(id), "label-studio");
                    withdrawn.addAll(done.fileNames());
                    labeledInBatch = done.labeledInBatch();
                }
                return new WebhookResult(action, 0, 0, withdrawn, false, labeledInBatch);
            }
            default -> {
                return new WebhookResult(action, 0, 0, List.of(), true, null);
            }
        }
    }

    private WebhookResult record(String slug, String action, JsonNode event) {
        JsonNode annotation = Json.object(event.get("annotation"), FILE, "annotation");
        long id = Json.integer(annotation.get("id"), FILE, "annotation.id");
        if (annotation.path("was_cancelled").asBoolean(false))
            return new WebhookResult(action, 0, 0, List.of(), true, null); // a skipped task is no label
        JsonNode data = Json.object(event.path("task").get("data"), FILE, "task.data");
        LabelStudio.checkOrigin(data, new LabelStudio.Origin(slug, null), FILE, "task.data"); // its round is read below
        int round = data.hasNonNull("needle_round")
                ? (int) Json.integer(data.get("needle_round"), FILE, "task.data.needle_round")
                : runningRound(slug);
        LabelingBatch batch = files.batch(slug, round);
        LabelEntry label = LabelStudio.parseResult(annotation.get("result"),
                LabelStudio.image(data, batch.catalog(), FILE, "task.data"), batch.project().classes(),
                batch.project().taskType(), FILE, "annotation.result");
        String annotator = annotation.hasNonNull("completed_by")
                ? "label-studio:user:" + annotation.get("completed_by").asText()
                : "label-studio";
        LabelsAccepted accepted = messages.submitLabels(slug, round, List.of(label), annotator, source(id));
        return new WebhookResult(action, accepted.recorded(), accepted.unchanged(), List.of(), false,
                accepted.labeledInBatch());
    }

    private int runningRound(String slug) {
        return iterations.runningRound(slug).orElseThrow(() -> new FormatException(FILE, "task.data.needle_round",
                "is missing and project " + slug + " has no running iteration"));
    }

    /** Label Studio sends {@code annotations:[{id}]} (bulk) or {@code annotation:{id}}. */
    private static List<Long> deletedIds(JsonNode event) {
        List<Long> ids = new ArrayList<>();
        if (event.has("annotations")) {
            JsonNode list = Json.array(event.get("annotations"), FILE, "annotations");
            for (int i = 0; i < list.size(); i++)
                ids.add(Json.integer(list.get(i).get("id"), FILE, "annotations[" + i + "].id"));
        } else {
            ids.add(Json.integer(Json.object(event.get("annotation"), FILE, "annotation").get("id"), FILE, "annotation.id"));
        }
        return ids;
    }

    private static String source(long annotationId) {
        return "label-studio:annotation:" + annotationId;
    }
}
