package dev.needle.activities.formats.coco;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.needle.activities.formats.Catalog;
import dev.needle.activities.formats.Categories;
import dev.needle.activities.formats.Checks;
import dev.needle.activities.formats.FormatException;
import dev.needle.activities.formats.ImageRef;
import dev.needle.activities.formats.Json;

/**
 * The {@code images:[{id, file_name, width, height}]} list of a COCO file, matched to the dataset's images. The sizes
 * must agree with the images Needle registered: boxes are checked against them.
 */
record CocoImages(Map<Long, ImageRef> byId) {

    static CocoImages read(JsonNode root, Catalog catalog, String file) {
        ArrayNode images = Json.array(root.get("images"), file, "images");
        Map<Long, ImageRef> byId = new HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            String at = "images[" + i + "]";
            JsonNode node = images.get(i);
            long id = Json.integer(node.get("id"), file, at + ".id");
            ImageRef image = catalog.require(Json.text(node.get("file_name"), file, at + ".file_name"), file,
                    at + ".file_name");
            for (String dim : List.of("width", "height")) {
                if (node.has(dim)) {
                    long given = Json.integer(node.get(dim), file, at + "." + dim);
                    int stored = dim.equals("width") ? image.width() : image.height();
                    if (given != stored)
                        throw new FormatException(file, at + "." + dim,
                                "is " + given + " but " + image.path() + " is " + stored);
                }
            }
            if (byId.put(id, image) != null)
                throw new FormatException(file, at + ".id", "image id " + id + " appears twice");
        }
        return new CocoImages(byId);
    }

    /** What every COCO entry says first, whether a result or an annotation: which image, which category. */
    record Entry(long imageId, ImageRef image, String category) {
    }

    Entry entry(JsonNode node, Map<Long, String> categories, String file, String at) {
        long imageId = Json.integer(node.get("image_id"), file, at + ".image_id");
        ImageRef image = require(imageId, file, at + ".image_id");
        String category = Categories.byId(categories, Json.integer(node.get("category_id"), file, at + ".category_id"),
                file, at + ".category_id");
        return new Entry(imageId, image, category);
    }

    /** The entry's {@code bbox} [x, y, w, h] in pixels, inside its image. */
    static double[] box(JsonNode node, ImageRef image, String file, String at) {
        double[] bbox = Json.numbers(node.get("bbox"), 4, file, at + ".bbox");
        Checks.box(bbox[0], bbox[1], bbox[2], bbox[3], image, file, at + ".bbox");
        return bbox;
    }

    ImageRef require(long id, String file, String field) {
        ImageRef image = byId.get(id);
        if (image == null)
            throw new FormatException(file, field, "image id " + id + " is not in the images list");
        return image;
    }
}
