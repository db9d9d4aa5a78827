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
import dev.needle.activities.formats.Checks;
import dev.needle.activities.formats.ImagePrediction;
import dev.needle.activities.formats.Json;
import dev.needle.activities.formats.PredictedBox;
import dev.needle.activities.formats.PredictionSet;
import dev.needle.activities.project.TaskType;

/**
 * COCO detection results, {@code [{image_id, category_id, bbox:[x,y,w,h], score}]}, read together with the COCO file
 * whose {@code images} and {@code categories} give the ids their meaning. Every image of that list is predicted:
 * one without a result is an image in which the detector found nothing.
 */
public final class CocoResults {

    private CocoResults() {
    }

    public static PredictionSet parse(String resultsFile, byte[] results, String imagesFile, byte[] images,
            Catalog catalog, List<String> classes) {
        JsonNode dataset = Json.object(Json.parse(images, imagesFile), imagesFile, "(root)");
        CocoImages byId = CocoImages.read(dataset, catalog, imagesFile);
        Map<Long, String> categories = Categories.read(dataset.get("categories"), classes, imagesFile, "categories");
        ArrayNode list = Json.array(Json.parse(results, resultsFile), resultsFile, "(root)");

        Map<Long, List<PredictedBox>> boxes = new LinkedHashMap<>();
        for (long id : byId.byId().keySet())
            boxes.put(id, new ArrayList<>());
        for (int i = 0; i < list.size(); i++) {
            String at = "[" + i + "]";
            JsonNode r = list.get(i);
            CocoImages.Entry entry = byId.entry(r, categories, resultsFile, at);
            double[] bbox = CocoImages.box(r, entry.image(), resultsFile, at);
            double score = Checks.probability(Json.number(r.get("score"), resultsFile, at + ".score"), resultsFile,
                    at + ".score");
            boxes.get(entry.imageId()).add(new PredictedBox(entry.category(), bbox[0], bbox[1], bbox[2], bbox[3], score, null));
        }
        List<ImagePrediction> out = new ArrayList<>();
        boxes.forEach((id, b) -> out.add(new ImagePrediction(byId.byId().get(id), null, b)));
        return new PredictionSet(TaskType.OBJECT_DETECTION, classes, out);
    }

    /** The results list; image ids and category ids are those {@link CocoDataset#write} gives. */
    public static byte[] write(PredictionSet predictions) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (int i = 0; i < predictions.images().size(); i++) {
            for (PredictedBox box : predictions.images().get(i).boxes()) {
                ObjectNode r = list.addObject();
                r.put("image_id", i + 1);
                r.put("category_id", predictions.classes().indexOf(box.category()) + 1);
                r.putArray("bbox").add(box.x()).add(box.y()).add(box.width()).add(box.height());
                r.put("score", box.score());
            }
        }
        return Json.write(list);
    }
}
