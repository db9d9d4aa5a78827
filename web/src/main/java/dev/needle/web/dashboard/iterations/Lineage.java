package dev.needle.web.dashboard.iterations;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An iteration's lineage JSON as rows of a table: nested keys joined with dots, lists written out. */
public final class Lineage {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Row(String key, String value) {
    }

    private Lineage() {
    }

    public static List<Row> rows(String lineage) {
        List<Row> rows = new ArrayList<>();
        if (lineage == null || lineage.isBlank())
            return rows;
        try {
            flatten("", JSON.readTree(lineage), rows);
        } catch (JsonProcessingException e) {
            // Shown as recorded rather than hidden: lineage is for reading.
            rows.add(new Row("lineage", lineage));
        }
        return rows;
    }

    private static void flatten(String prefix, JsonNode node, List<Row> rows) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), rows);
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(n.isValueNode() ? n.asText() : n.toString()));
            rows.add(new Row(prefix, String.join(", ", items)));
        } else {
            rows.add(new Row(prefix, node.isNull() ? "" : node.asText()));
        }
    }
}
