package dev.needle.activities.formats.coco;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.needle.activities.formats.Catalog;
import dev.needle.activities.formats.Categories;
import dev.needle.activities.formats.FormatException;
import dev.needle.activities.formats.ImageRef;
import dev.needle.activities.formats.Json;
import dev.needle.activities.project.TaskType;
import dev.needle.workflows.messages.values.LabelEntry;
import dev.needle.workflows.messages.values.LabeledBox;

/**
 * A COCO annotations file: {@code images}, {@code categories} and {@code annotations:[{id, image_id, category_id,
 * bbox}]}. For detection each annotation is a box, and an image listed without annotations is labeled as showing no
 * object; for classification an annotation without a bbox gives its image's class. Image ids count from 1 in the
 * order the images are given, category ids from 1 in the project's class order.
 */
public final class CocoDataset {

    private CocoDataset() {
    }

    /** The batch as a COCO file: its images, the project's categories, and the labels given so far. */
    public static byte[] write(List<ImageRef> images, List<String> classes, Map<Long, LabelEntry> labels, TaskType task) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode list = root.putArray("images");
        ArrayNode annotations = Json.MAPPER.createArrayNode();
        for (int i = 0; i < images.size(); i++) {
            ImageRef image = images.get(i);
            list.addObject().put("id", i + 1).put("file_name", image.path()).put("width", image.width())
                    .put("height", image.height());
            LabelEntry label = labels.get(image.sampleId());
            if (label == null)
                continue;
            if (task == TaskType.OBJECT_DETECTION && label.boxes() != null) {
                for (LabeledBox box : label.boxes()) {
                    ObjectNode a = annotations.addObject();
                    a.put("id", annotations.size()).put("image_id", i + 1)
                            .put("category_id", classes.indexOf(box.category()) + 1);
                    a.putArray("bbox").add(box.x()).add(box.y()).add(box.width()).add(box.height());
                    a.put("area", box.width() * box.height()).put("iscrowd", 0);
                }
            } else if (task == TaskType.CLASSIFICATION && label.label() != null) {
                annotations.addObject().put("id", annotations.size() + 1).put("image_id", i + 1)
                        .put("category_id", classes.indexOf(label.label()) + 1);
            }
        }
        root.set("categories", Categories.write(classes, 1));
        root.set("annotations", annotations);
        return Json.write(root);
    }

    /** Labels from a COCO annotations file, one entry per listed image. */
    public static List<LabelEntry> parse(String file, byte[] bytes, Catalog catalog, List<String> classes, TaskType task) {
        JsonNode root = Json.object(Json.parse(bytes, file), file, "(root)");
        CocoImages byId = CocoImages.read(root, catalog, file);
        Map<Long, String> categories = Categories.read(root.get("categories"), classes, file, "categories");
        ArrayNode annotations = Json.array(root.get("annotations"), file, "annotations");
        Map<Long, List<LabeledBox>> boxes = new LinkedHashMap<>();
        Map<Long, String> classOf = new LinkedHashMap<>();
        for (long id : byId.byId().keySet())
            boxes.put(id, new ArrayList<>());
        for (int i = 0; i < annotations.size(); i++) {
            String at = "annotations[" + i + "]";
            JsonNode a = annotations.get(i);
            CocoImages.Entry entry = byId.entry(a, categories, file, at);
            if (task == TaskType.CLASSIFICATION) {
                // A class needs no box, but one given must fit its image, as a JSON label's must: else the file is
                // for other images.
                if (a.hasNonNull("bbox"))
                    CocoImages.box(a, entry.image(), file, at);
                String before = classOf.put(entry.imageId(), entry.category());
                if (before != null && !before.equals(entry.category()))
                    throw new FormatException(file, at + ".category_id", entry.image().path() + " has two classes");
                continue;
            }
            double[] bbox = CocoImages.box(a, entry.image(), file, at);
            boxes.get(entry.imageId()).add(new LabeledBox(entry.category(), bbox[0], bbox[1], bbox[2], bbox[3]));
        }
        List<LabelEntry> labels = new ArrayList<>();
        if (task == TaskType.CLASSIFICATION) {
            classOf.forEach((id, c) -> labels.add(new LabelEntry(byId.byId().get(id).path(), c)));
        } else {
            boxes.forEach((id, b) -> labels.add(new LabelEntry(byId.byId().get(id).path(), null, List.copyOf(b))));
        }
        return labels;
    }
}
