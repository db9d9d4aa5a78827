package dev.needle.activities.formats.labelstudio;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.needle.activities.BadInputException;
import dev.needle.activities.formats.Catalog;
import dev.needle.activities.formats.Checks;
import dev.needle.activities.formats.FormatException;
import dev.needle.activities.formats.ImagePrediction;
import dev.needle.activities.formats.ImageRef;
import dev.needle.activities.formats.Json;
import dev.needle.activities.formats.PredictedBox;
import dev.needle.activities.formats.lightly.LightlyPredictions;
import dev.needle.activities.project.TaskType;
import dev.needle.workflows.messages.values.LabelEntry;
import dev.needle.workflows.messages.values.LabeledBox;

/**
 * Label Studio's task JSON. Tasks carry the image URL and Needle's own keys in {@code data} ({@code file_name}, so a
 * label coming back names its image whatever URL the tool used), the model's output as pre-annotations in
 * {@code predictions[].result} (with {@code model_version} and {@code score}) and the labels given so far in
 * {@code annotations[].result}. Results are {@code choices} (control {@value #CHOICES}) for classification and
 * {@code rectanglelabels} (control {@value #RECTANGLES}) for detection, whose {@code x, y, width, height} are
 * percentages of the image's size, as Label Studio stores them. The labeling config to use with these tasks:
 * {@code <Image name="image" value="$image"/>} with {@code <Choices name="choice" toName="image">} or
 * {@code <RectangleLabels name="label" toName="image">}.
 */
public final class LabelStudio {

    public static final String IMAGE = "image";
    public static final String CHOICES = "choice";
    public static final String RECTANGLES = "label";
    public static final String FILE_NAME = "file_name";

    /** Where Needle's own keys in a task's {@code data} say it belongs: {@code needle_project} and {@code needle_round}. */
    public static final String PROJECT = "needle_project";
    public static final String ROUND = "needle_round";
    /** Longest {@code imageRoot} an export takes. */
    private static final int MAX_IMAGE_ROOT = 2000;

    /**
     * The round a file or an event was sent to: tasks Needle exported name theirs, and must name this one. A null
     * round checks the project only (a webhook event reads its round from the task).
     */
    public record Origin(String project, Integer round) {
    }

    /** One task to write: the image, where the tool can load it, the prediction and the label if any. */
    public record Task(ImageRef image, String imageUrl, ImagePrediction prediction, LabelEntry label) {
    }

    private LabelStudio() {
    }

    public static byte[] writeTasks(List<Task> tasks, List<String> classes, TaskType type, String modelVersion,
            String project, int round) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Task task : tasks) {
            ObjectNode node = list.addObject();
            ObjectNode data = node.putObject("data");
            data.put(IMAGE, task.imageUrl());
            data.put(FILE_NAME, task.image().path());
            data.put(PROJECT, project);
            data.put(ROUND, round);
            if (task.prediction() != null) {
                ObjectNode prediction = node.putArray("predictions").addObject();
                if (modelVersion != null)
                    prediction.put("model_version", modelVersion);
                ArrayNode result = prediction.putArray("result");
                if (type == TaskType.CLASSIFICATION) {
                    double[] p = task.prediction().probabilities();
                    int best = LightlyPredictions.argmax(p);
                    choice(result, classes.get(best));
                    prediction.put("score", p[best]);
                } else {
                    double sum = 0;
                    for (PredictedBox box : task.prediction().boxes()) {
                        rectangle(result, task.image(), box.category(), box.x(), box.y(), box.width(), box.height())
                                .put("score", box.score());
                        sum += box.score();
                    }
                    // The task's score is the mean box confidence, Label Studio's usual summary for detections.
                    prediction.put("score", task.prediction().boxes().isEmpty() ? 0 : sum / task.prediction().boxes().size());
                }
            }
            if (task.label() != null) {
                ArrayNode result = node.putArray("annotations").addObject().putArray("result");
                if (task.label().boxes() != null) {
                    for (LabeledBox box : task.label().boxes())
                        rectangle(result, task.image(), box.category(), box.x(), box.y(), box.width(), box.height());
                } else {
                    choice(result, task.label().label());
                }
            }
        }
        return Json.write(list);
    }

    /**
     * Labels from a Label Studio JSON export: per task, its last annotation that was not skipped. Tasks nobody
     * annotated are left out; a task Needle exported for another project or round is refused (see {@link #checkOrigin}).
     */
    public static List<LabelEntry> parseExport(String file, byte[] bytes, Catalog catalog, List<String> classes,
            TaskType type, Origin origin) {
        ArrayNode tasks = Json.array(Json.parse(bytes, file), file, "(root)");
        List<LabelEntry> labels = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            String at = "[" + i + "]";
            JsonNode task = Json.object(tasks.get(i), file, at);
            checkOrigin(task.get("data"), origin, file, at + ".data");
            ImageRef image = image(task.get("data"), catalog, file, at + ".data");
            JsonNode annotations = task.get("annotations");
            if (annotations == null || annotations.isNull())
                continue;
            Json.array(annotations, file, at + ".annotations");
            for (int a = annotations.size() - 1; a >= 0; a--) {
                JsonNode annotation = annotations.get(a);
                if (annotation.path("was_cancelled").asBoolean(false))
                    continue;
                labels.add(parseResult(annotation.get("result"), image, classes, type, file,
                        at + ".annotations[" + a + "].result"));
                break;
            }
        }
        return labels;
    }

    /**
     * A task Needle exported names its project and round; labels meant for round 7 must not count on round 1, where an
     * image of the same name may be in the batch too. Tasks from elsewhere, without Needle's keys, are matched by image.
     */
    public static void checkOrigin(JsonNode data, Origin origin, String file, String field) {
        Json.object(data, file, field);
        if (data.hasNonNull(PROJECT)) {
            String project = Json.text(data.get(PROJECT), file, field + "." + PROJECT);
            if (!project.equals(origin.project()))
                throw new FormatException(file, field + "." + PROJECT, "is " + project + "; the labels were sent to project "
                        + origin.project());
        }
        if (origin.round() != null && data.hasNonNull(ROUND)) {
            long round = Json.integer(data.get(ROUND), file, field + "." + ROUND);
            if (round != origin.round())
                throw new FormatException(file, field + "." + ROUND, "is " + round + "; the labels were sent to round "
                        + origin.round());
        }
    }

    /**
     * The {@code imageRoot} an export prefixes image paths with, if it is safe to hand to a labeling tool: an http(s)
     * URL or a relative path, never a {@code javascript:} or {@code data:} URL a browser would run or render. Null
     * stays null (the default root).
     */
    public static String imageRoot(String given) {
        if (given == null)
            return null;
        if (given.isEmpty() || given.length() > MAX_IMAGE_ROOT)
            throw new BadInputException("imageRoot", "must be 1 to " + MAX_IMAGE_ROOT + " characters long");
        if (given.chars().anyMatch(c -> Character.isISOControl(c) || c == '\\'))
            throw new BadInputException("imageRoot", "must not contain control characters or backslashes");
        URI uri;
        try {
            uri = new URI(given);
        } catch (URISyntaxException e) {
            throw new BadInputException("imageRoot", "is neither a URL nor a relative path: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme != null && !((scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                && uri.getHost() != null))
            throw new BadInputException("imageRoot", "must be an http(s) URL with a host or a relative path, not a "
                    + scheme + ": URL");
        if (scheme == null && given.startsWith("//"))
            throw new BadInputException("imageRoot", "names another host without a scheme; give it as an http(s) URL");
        return given;
    }

    /** The image a task's {@code data} names: Needle's {@code file_name}, else the last part of the image URL. */
    public static ImageRef image(JsonNode data, Catalog catalog, String file, String field) {
        Json.object(data, file, field);
        if (data.hasNonNull(FILE_NAME))
            return catalog.require(data.get(FILE_NAME).asText(), file, field + "." + FILE_NAME);
        String url = Json.text(data.get(IMAGE), file, field + "." + IMAGE);
        String name = url.substring(Math.max(url.lastIndexOf('/'), url.lastIndexOf('=')) + 1);
        return catalog.require(name, file, field + "." + IMAGE);
    }

    /** One annotation's {@code result} list as a label of {@code image}. */
    public static LabelEntry parseResult(JsonNode result, ImageRef image, List<String> classes, TaskType type,
            String file, String field) {
        ArrayNode items = Json.array(result, file, field);
        List<LabeledBox> boxes = new ArrayList<>();
        String choice = null;
        for (int i = 0; i < items.size(); i++) {
            String at = field + "[" + i + "]";
            JsonNode item = items.get(i);
            String kind = item.path("type").asText();
            JsonNode value = Json.object(item.get("value"), file, at + ".value");
            if (type == TaskType.CLASSIFICATION && kind.equals("choices")) {
                ArrayNode choices = Json.array(value.get("choices"), file, at + ".value.choices");
                if (choices.size() != 1)
                    throw new FormatException(file, at + ".value.choices", "needs exactly one class, has " + choices.size());
                choice = Checks.category(Json.text(choices.get(0), file, at + ".value.choices[0]"), classes, file,
                        at + ".value.choices[0]");
            } else if (type == TaskType.OBJECT_DETECTION && kind.equals("rectanglelabels")) {
                ArrayNode names = Json.array(value.get("rectanglelabels"), file, at + ".value.rectanglelabels");
                if (names.size() != 1)
                    throw new FormatException(file, at + ".value.rectanglelabels", "needs exactly one class per box");
                String category = Checks.category(Json.text(names.get(0), file, at + ".value.rectanglelabels[0]"), classes,
                        file, at + ".value.rectanglelabels[0]");
                if (value.hasNonNull("rotation") && Json.number(value.get("rotation"), file, at + ".value.rotation") != 0)
                    throw new FormatException(file, at + ".value.rotation", "rotated boxes are not supported");
                double x = Json.number(value.get("x"), file, at + ".value.x") * image.width() / 100;
                double y = Json.number(value.get("y"), file, at + ".value.y") * image.height() / 100;
                double w = Json.number(value.get("width"), file, at + ".value.width") * image.width() / 100;
                double h = Json.number(value.get("height"), file, at + ".value.height") * image.height() / 100;
                Checks.box(x, y, w, h, image, file, at + ".value");
                boxes.add(new LabeledBox(category, x, y, w, h));
            } else {
                throw new FormatException(file, at + ".type", "is " + kind + "; a " + type.key() + " project takes "
                        + (type == TaskType.CLASSIFICATION ? "choices" : "rectanglelabels"));
            }
        }
        if (type == TaskType.OBJECT_DETECTION)
            return new LabelEntry(image.path(), null, List.copyOf(boxes));
        if (choice == null)
            throw new FormatException(file, field, "holds no choice");
        return new LabelEntry(image.path(), choice);
    }

    private static void choice(ArrayNode result, String label) {
        ObjectNode item = result.addObject();
        item.put("from_name", CHOICES).put("to_name", IMAGE).put("type", "choices");
        item.putObject("value").putArray("choices").add(label);
    }

    private static ObjectNode rectangle(ArrayNode result, ImageRef image, String category, double x, double y, double w,
            double h) {
        ObjectNode item = result.addObject();
        item.put("from_name", RECTANGLES).put("to_name", IMAGE).put("type", "rectanglelabels")
                .put("original_width", image.width()).put("original_height", image.height()).put("image_rotation", 0);
        ObjectNode value = item.putObject("value");
        value.put("x", 100 * x / image.width()).put("y", 100 * y / image.height())
                .put("width", 100 * w / image.width()).put("height", 100 * h / image.height()).put("rotation", 0);
        value.putArray("rectanglelabels").add(category);
        return item;
    }
}
