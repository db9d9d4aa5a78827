package dev.needle.activities.formats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** {@code categories: [{id, name}]} as Lightly's schema.json and COCO write it, mapped onto the project's classes. */
public final class Categories {

    private Categories() {
    }

    /**
     * Category id → project class; every name must be a class of the project, every id and every name unique (two ids
     * of one class would blur which column of a probability vector is which).
     */
    public static Map<Long, String> read(JsonNode node, List<String> classes, String file, String field) {
        ArrayNode array = Json.array(node, file, field);
        Map<Long, String> byId = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            String at = field + "[" + i + "]";
            long id = Json.integer(Json.object(array.get(i), file, at).get("id"), file, at + ".id");
            String name = Checks.category(Json.text(array.get(i).get("name"), file, at + ".name"), classes, file, at + ".name");
            if (byId.containsValue(name))
                throw new FormatException(file, at + ".name", "category " + name + " appears twice");
            if (byId.put(id, name) != null)
                throw new FormatException(file, at + ".id", "id " + id + " appears twice");
        }
        return byId;
    }

    /** The project's classes as categories, ids counted from {@code firstId} (COCO files usually start at 1). */
    public static ArrayNode write(List<String> classes, int firstId) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (int i = 0; i < classes.size(); i++)
            array.addObject().put("id", i + firstId).put("name", classes.get(i));
        return array;
    }

    public static String byId(Map<Long, String> categories, long id, String file, String field) {
        String name = categories.get(id);
        if (name == null)
            throw new FormatException(file, field, "category id " + id + " is not among the file's categories");
        return name;
    }
}
