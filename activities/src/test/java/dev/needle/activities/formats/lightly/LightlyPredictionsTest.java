package dev.needle.activities.formats.lightly;

import static dev.needle.activities.formats.Fixtures.A;
import static dev.needle.activities.formats.Fixtures.B;
import static dev.needle.activities.formats.Fixtures.CATALOG;
import static dev.needle.activities.formats.Fixtures.CLASSES;
import static dev.needle.activities.formats.Fixtures.assertFault;
import static dev.needle.activities.formats.Fixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.needle.activities.formats.ImagePrediction;
import dev.needle.activities.formats.PredictedBox;
import dev.needle.activities.formats.PredictionSet;
import dev.needle.activities.project.TaskType;

class LightlyPredictionsTest {

    static Map<String, byte[]> detectionFolder() {
        Map<String, byte[]> folder = new HashMap<>();
        folder.put("tasks.json", bytes("[\"boxes\"]"));
        // Category ids need not follow the project's class order: they are mapped by name.
        folder.put("boxes/schema.json", bytes("""
                {"task_type": "object-detection", "categories": [{"id": 7, "name": "sign"}, {"id": 3, "name": "car"}]}"""));
        folder.put("boxes/pool/a.json", bytes("""
                {"file_name": "pool/a.png", "predictions": [
                  {"category_id": 3, "bbox": [10, 5, 20, 10], "score": 0.9},
                  {"category_id": 7, "bbox": [0, 0, 100, 50], "score": 0.3, "probabilities": [0.3, 0.7]}]}"""));
        folder.put("boxes/pool/sub/b.json", bytes("{\"file_name\": \"pool/sub/b.png\", \"predictions\": []}"));
        return folder;
    }

    @Test
    void readsDetectionsMappingCategoriesOntoTheProjectsClasses() {
        PredictionSet set = LightlyPredictions.parse(detectionFolder(), null, CATALOG, CLASSES);
        assertEquals(TaskType.OBJECT_DETECTION, set.task());
        assertEquals(2, set.images().size());
        ImagePrediction a = set.images().get(0);
        assertEquals(A, a.image());
        assertEquals(new PredictedBox("car", 10, 5, 20, 10, 0.9, null).toString(), a.boxes().get(0).toString());
        assertEquals("sign", a.boxes().get(1).category());
        // [sign 0.3, car 0.7] in the schema's order becomes [car, person, sign] = [0.7, 0, 0.3]
        assertArrayEquals(new double[] { 0.7, 0, 0.3 }, a.boxes().get(1).probabilities());
        assertEquals(List.of(), set.images().get(1).boxes());
    }

    @Test
    void roundTrip_classificationAndDetectionReadBackUnchanged() {
        PredictionSet detections = LightlyPredictions.parse(detectionFolder(), "boxes", CATALOG, CLASSES);
        PredictionSet again = LightlyPredictions.parse(LightlyPredictions.write(detections, "t"), "t", CATALOG, CLASSES);
        assertEquals(describe(detections), describe(again));

        PredictionSet classes = new PredictionSet(TaskType.CLASSIFICATION, CLASSES, List.of(
                new ImagePrediction(A, new double[] { 0.2, 0.5, 0.3 }, null),
                new ImagePrediction(B, new double[] { 1, 0, 0 }, null)));
        PredictionSet back = LightlyPredictions.parse(LightlyPredictions.write(classes, "cls"), null, CATALOG, CLASSES);
        assertEquals(TaskType.CLASSIFICATION, back.task());
        assertEquals(describe(classes), describe(back));
    }

    @Test
    void malformedFoldersAreRefusedNamingFileAndField() {
        Map<String, byte[]> f = detectionFolder();
        f.put("boxes/pool/a.json", bytes("{\"file_name\": \"pool/a.png\", \"predictions\": [{"));
        assertFault("boxes/pool/a.json", "line 1, column 46", () -> LightlyPredictions.parse(f, null, CATALOG, CLASSES));

        f.put("boxes/pool/a.json", bytes("""
                {"file_name": "pool/a.png", "predictions": [{"category_id": 3, "bbox": [10, 5, 20, 10], "score": 0.9},
                 {"category_id": 3, "bbox": [90, 5, 20, 10], "score": 0.9}]}"""));
        assertFault("boxes/pool/a.json", "predictions[1].bbox", () -> LightlyPredictions.parse(f, null, CATALOG, CLASSES));

        f.put("boxes/pool/a.json", bytes("""
                {"file_name": "pool/a.png", "predictions": [{"category_id": 3, "bbox": [10, 5, 20, 10], "score": 1.5}]}"""));
        assertFault("boxes/pool/a.json", "predictions[0].score", () -> LightlyPredictions.parse(f, null, CATALOG, CLASSES));

        f.put("boxes/pool/a.json", bytes("""
                {"file_name": "pool/a.png", "predictions": [{"category_id": 4, "bbox": [10, 5, 20, 10], "score": 0.5}]}"""));
        assertFault("boxes/pool/a.json", "predictions[0].category_id",
                () -> LightlyPredictions.parse(f, null, CATALOG, CLASSES));

        f.put("boxes/pool/a.json", bytes("{\"file_name\": \"pool/nope.png\", \"predictions\": []}"));
        assertFault("boxes/pool/a.json", "file_name", () -> LightlyPredictions.parse(f, null, CATALOG, CLASSES));

        Map<String, byte[]> g = detectionFolder();
        g.put("boxes/schema.json",
                bytes("{\"task_type\": \"object-detection\", \"categories\": [{\"id\": 1, \"name\": \"tree\"}]}"));
        assertFault("boxes/schema.json", "categories[0].name", () -> LightlyPredictions.parse(g, null, CATALOG, CLASSES));
        g.put("boxes/schema.json", bytes("{\"task_type\": \"segmentation\", \"categories\": []}"));
        assertFault("boxes/schema.json", "task_type", () -> LightlyPredictions.parse(g, null, CATALOG, CLASSES));

        Map<String, byte[]> h = new HashMap<>();
        h.put("tasks.json", bytes("[\"c\"]"));
        h.put("c/schema.json", bytes(
                "{\"task_type\": \"classification\", \"categories\": [{\"id\": 0, \"name\": \"car\"}, {\"id\": 1, \"name\": \"sign\"}]}"));
        h.put("c/a.json",
                bytes("{\"file_name\": \"a.png\", \"predictions\": [{\"category_id\": 0, \"probabilities\": [0.5]}]}"));
        assertFault("c/a.json", "predictions[0].probabilities", () -> LightlyPredictions.parse(h, null, CATALOG, CLASSES));
        h.put("c/a.json",
                bytes("{\"file_name\": \"a.png\", \"predictions\": [{\"category_id\": 0, \"probabilities\": [1.2, -0.2]}]}"));
        assertFault("c/a.json", "predictions[0].probabilities[0]", () -> LightlyPredictions.parse(h, null, CATALOG, CLASSES));
        h.remove("tasks.json");
        assertFault("tasks.json", "(file)", () -> LightlyPredictions.parse(h, null, CATALOG, CLASSES));
    }

    /** Fields that were read loosely: each would have let a wrong file through unnoticed. */
    @Test
    void ambiguousCategoriesAndUnknownClassificationCategoriesAreRefused() {
        Map<String, byte[]> h = new HashMap<>();
        h.put("tasks.json", bytes("[\"c\"]"));
        // Two ids of one class: which column of the probabilities is "car" would be a guess.
        h.put("c/schema.json", bytes(
                "{\"task_type\": \"classification\", \"categories\": [{\"id\": 0, \"name\": \"car\"}, {\"id\": 1, \"name\": \"car\"}]}"));
        h.put("c/a.json",
                bytes("{\"file_name\": \"a.png\", \"predictions\": [{\"category_id\": 0, \"probabilities\": [0.5, 0.5]}]}"));
        assertFault("c/schema.json", "categories[1].name", () -> LightlyPredictions.parse(h, null, CATALOG, CLASSES));

        h.put("c/schema.json", bytes(
                "{\"task_type\": \"classification\", \"categories\": [{\"id\": 0, \"name\": \"car\"}, {\"id\": 1, \"name\": \"sign\"}]}"));
        LightlyPredictions.parse(h, null, CATALOG, CLASSES);
        h.put("c/a.json",
                bytes("{\"file_name\": \"a.png\", \"predictions\": [{\"category_id\": 9, \"probabilities\": [0.5, 0.5]}]}"));
        assertFault("c/a.json", "predictions[0].category_id", () -> LightlyPredictions.parse(h, null, CATALOG, CLASSES));
        h.put("c/a.json", bytes("{\"file_name\": \"a.png\", \"predictions\": [7]}"));
        assertFault("c/a.json", "predictions[0]", () -> LightlyPredictions.parse(h, null, CATALOG, CLASSES));
    }

    static String describe(PredictionSet set) {
        StringBuilder s = new StringBuilder(set.task() + " " + set.classes());
        for (ImagePrediction p : set.images()) {
            s.append('\n').append(p.image().path()).append(' ')
                    .append(p.probabilities() == null ? "" : java.util.Arrays.toString(p.probabilities()));
            if (p.boxes() != null)
                for (PredictedBox b : p.boxes())
                    s.append(" [").append(b.category()).append(' ').append(b.x()).append(' ').append(b.y()).append(' ')
                            .append(b.width()).append(' ').append(b.height()).append(' ').append(b.score()).append(' ')
                            .append(b.probabilities() == null ? "-" : java.util.Arrays.toString(b.probabilities()))
                            .append(']');
        }
        return s.toString();
    }
}
