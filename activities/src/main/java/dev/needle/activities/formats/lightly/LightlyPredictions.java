package dev.needle.activities.formats.lightly;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.needle.activities.formats.Catalog;
import dev.needle.activities.formats.Categories;
import dev.needle.activities.formats.Checks;
import dev.needle.activities.formats.FormatException;
import dev.needle.activities.formats.ImagePrediction;
import dev.needle.activities.formats.ImageRef;
import dev.needle.activities.formats.Json;
import dev.needle.activities.formats.PredictedBox;
import dev.needle.activities.formats.PredictionSet;
import dev.needle.activities.project.TaskType;

/**
 * Lightly's prediction folder (DESIGN.md §7): {@code tasks.json} lists the task names; each task folder holds
 * {@code schema.json} ({@code task_type} classification or object-detection, {@code categories:[{id,name}]}) and one
 * JSON per image, {@code {file_name, predictions:[…]}}: for classification {@code {category_id, probabilities}}, for
 * object detection {@code {category_id, bbox:[x,y,w,h] (pixels, top-left), score, probabilities?}}. The folder
 * travels as a map from its relative paths to the files' bytes.
 */
public final class LightlyPredictions {

    public static final String TASKS = "tasks.json";

    private LightlyPredictions() {
    }

    /**
     * Reads one task. {@code task} may be null when tasks.json lists exactly one. Every file is checked before anything
     * is returned; the first fault ends the read with a {@link FormatException} naming file and field.
     */
    public static PredictionSet parse(Map<String, byte[]> folder, String task, Catalog catalog, List<String> classes) {
        byte[] tasksFile = folder.get(TASKS);
        if (tasksFile == null)
            throw new FormatException(TASKS, "(file)", "the folder has no tasks.json at its top");
        ArrayNode tasks = Json.array(Json.parse(tasksFile, TASKS), TASKS, "(root)");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++)
            names.add(Json.text(tasks.get(i), TASKS, "[" + i + "]"));
        if (task == null) {
            if (names.size() != 1)
                throw new FormatException(TASKS, "(root)", "lists " + names + "; say which task to import");
            task = names.get(0);
        } else if (!names.contains(task)) {
            throw new FormatException(TASKS, "(root)", "does not list task " + task + " (it lists " + names + ")");
        }

        String schemaFile = task + "/schema.json";
        byte[] schemaBytes = folder.get(schemaFile);
        if (schemaBytes == null)
            throw new FormatException(schemaFile, "(file)", "is missing");
        JsonNode schema = Json.object(Json.parse(schemaBytes, schemaFile), schemaFile, "(root)");
        TaskType type;
        try {
            type = TaskType.parse("task_type", Json.text(schema.get("task_type"), schemaFile, "task_type"));
        } catch (FormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FormatException(schemaFile, "task_type", "must be classification or object-detection");
        }
        Map<Long, String> categories = Categories.read(schema.get("categories"), classes, schemaFile, "categories");
        // Lightly's probabilities follow the order of the schema's categories.
        List<String> categoryOrder = new ArrayList<>();
        for (JsonNode c : schema.get("categories"))
            categoryOrder.add(categories.get(c.get("id").asLong()));

        List<ImagePrediction> images = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (Map.Entry<String, byte[]> entry : new java.util.TreeMap<>(folder).entrySet()) {
            String file = entry.getKey();
            if (!file.startsWith(task + "/") || file.equals(schemaFile) || !file.endsWith(".json"))
                continue;
            JsonNode root = Json.object(Json.parse(entry.getValue(), file), file, "(root)");
            ImageRef image = catalog.require(Json.text(root.get("file_name"), file, "file_name"), file, "file_name");
            if (!seen.add(image.sampleId()))
                throw new FormatException(file, "file_name", image.path() + " has predictions in two files");
            ArrayNode predictions = Json.array(root.get("predictions"), file, "predictions");
            images.add(type == TaskType.CLASSIFICATION
                    ? classification(predictions, image, categories, categoryOrder, classes, file)
                    : detection(predictions, image, categories, categoryOrder, classes, file));
        }
        if (images.isEmpty())
            throw new FormatException(task + "/", "(folder)", "holds no prediction files");
        return new PredictionSet(type, classes, images);
    }

    private static ImagePrediction classification(ArrayNode predictions, ImageRef image, Map<Long, String> categories,
            List<String> order, List<String> classes, String file) {
        if (predictions.size() != 1)
            throw new FormatException(file, "predictions", "a classification holds exactly one prediction");
        JsonNode prediction = Json.object(predictions.get(0), file, "predictions[0]");
        if (prediction.has("category_id"))
            Categories.byId(categories, Json.integer(prediction.get("category_id"), file, "predictions[0].category_id"),
                    file, "predictions[0].category_id");
        double[] given = Json.numbers(predictions.get(0).get("probabilities"), order.size(), file,
                "predictions[0].probabilities");
        return new ImagePrediction(image, toClassOrder(given, order, classes, file, "predictions[0].probabilities"), null);
    }

    private static ImagePrediction detection(ArrayNode predictions, ImageRef image, Map<Long, String> categories,
            List<String> order, List<String> classes, String file) {
        List<PredictedBox> boxes = new ArrayList<>();
        for (int i = 0; i < predictions.size(); i++) {
            String at = "predictions[" + i + "]";
            JsonNode p = Json.object(predictions.get(i), file, at);
            String category = Categories.byId(categories, Json.integer(p.get("category_id"), file, at + ".category_id"),
                    file, at + ".category_id");
            double[] bbox = Json.numbers(p.get("bbox"), 4, file, at + ".bbox");
            Checks.box(bbox[0], bbox[1], bbox[2], bbox[3], image, file, at + ".bbox");
            double score = Checks.probability(Json.number(p.get("score"), file, at + ".score"), file, at + ".score");
            double[] probabilities = p.hasNonNull("probabilities")
                    ? toClassOrder(Json.numbers(p.get("probabilities"), order.size(), file, at + ".probabilities"), order,
                            classes, file, at + ".probabilities")
                    : null;
            boxes.add(new PredictedBox(category, bbox[0], bbox[1], bbox[2], bbox[3], score, probabilities));
        }
        return new ImagePrediction(image, null, boxes);
    }

    private static double[] toClassOrder(double[] given, List<String> order, List<String> classes, String file,
            String field) {
        double[] out = new double[classes.size()];
        for (int j = 0; j < given.length; j++) {
            Checks.probability(given[j], file, field + "[" + j + "]");
            out[classes.indexOf(order.get(j))] = given[j];
        }
        return out;
    }

    /** The folder Lightly would read: one task, categories numbered from 0 in the project's class order. */
    public static Map<String, byte[]> write(PredictionSet predictions, String task) {
        Map<String, byte[]> folder = new LinkedHashMap<>();
        folder.put(TASKS, Json.write(Json.MAPPER.createArrayNode().add(task)));
        ObjectNode schema = Json.MAPPER.createObjectNode();
        schema.put("task_type", predictions.task().key());
        schema.set("categories", Categories.write(predictions.classes(), 0));
        folder.put(task + "/schema.json", Json.write(schema));
        for (ImagePrediction image : predictions.images()) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("file_name", image.image().path());
            ArrayNode list = root.putArray("predictions");
            if (predictions.task() == TaskType.CLASSIFICATION) {
                ObjectNode p = list.addObject();
                p.put("category_id", argmax(image.probabilities()));
                ArrayNode probabilities = p.putArray("probabilities");
                for (double v : image.probabilities())
                    probabilities.add(v);
            } else {
                for (PredictedBox box : image.boxes()) {
                    ObjectNode p = list.addObject();
                    p.put("category_id", predictions.classes().indexOf(box.category()));
                    p.putArray("bbox").add(box.x()).add(box.y()).add(box.width()).add(box.height());
                    p.put("score", box.score());
                    if (box.probabilities() != null) {
                        ArrayNode probabilities = p.putArray("probabilities");
                        for (double v : box.probabilities())
                            probabilities.add(v);
                    }
                }
            }
            String name = image.image().path();
            folder.put(task + "/" + name.substring(0, name.lastIndexOf('.') < 0 ? name.length() : name.lastIndexOf('.'))
                    + ".json", Json.write(root));
        }
        return folder;
    }

    public static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++)
            if (values[i] > values[best])
                best = i;
        return best;
    }
}
