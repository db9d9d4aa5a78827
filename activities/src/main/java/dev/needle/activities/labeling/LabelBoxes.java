package dev.needle.activities.labeling;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.needle.workflows.messages.values.LabelEntry;
import dev.needle.workflows.messages.values.LabeledBox;

/** A detection label's boxes as stored in {@link Label#boxes}: a JSON list, pixels, top-left corner and size. */
public final class LabelBoxes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LabelBoxes() {
    }

    public static String toJson(List<LabeledBox> boxes) {
        try {
            return boxes == null ? null : JSON.writeValueAsString(boxes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<LabeledBox> fromJson(String json) {
        try {
            return json == null ? null : JSON.readValue(json, new TypeReference<List<LabeledBox>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable boxes of a label: " + json, e);
        }
    }

    /** The label as the workflow and the formats see it. */
    public static LabelEntry entry(Label label, String path) {
        return new LabelEntry(path, label.className, fromJson(label.boxes));
    }
}
