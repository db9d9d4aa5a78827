package dev.needle.activities.formats.coco;

import static dev.needle.activities.formats.Fixtures.A;
import static dev.needle.activities.formats.Fixtures.B;
import static dev.needle.activities.formats.Fixtures.C;
import static dev.needle.activities.formats.Fixtures.CATALOG;
import static dev.needle.activities.formats.Fixtures.CLASSES;
import static dev.needle.activities.formats.Fixtures.assertFault;
import static dev.needle.activities.formats.Fixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.needle.activities.formats.ImagePrediction;
import dev.needle.activities.formats.PredictedBox;
import dev.needle.activities.formats.PredictionSet;
import dev.needle.activities.project.TaskType;
import dev.needle.workflows.messages.values.LabelEntry;
import dev.needle.workflows.messages.values.LabeledBox;

class CocoTest {

    private static final String IMAGES = """
            {"images": [{"id": 10, "file_name": "a.png", "width": 100, "height": 50},
                        {"id": 11, "file_name": "pool/c.png", "width": 80, "height": 60}],
             "categories": [{"id": 1, "name": "car"}, {"id": 2, "name": "person"}]}""";

    @Test
    void resultsAreReadWithTheImageListAndImagesWithoutResultsHaveNoBoxes() {
        PredictionSet set = CocoResults.parse("results.json", bytes("""
                [{"image_id": 10, "category_id": 2, "bbox": [1, 2, 30, 40], "score": 0.75}]"""), "instances.json",
                bytes(IMAGES), CATALOG, CLASSES);
        assertEquals(2, set.images().size());
        assertEquals(A, set.images().get(0).image());
        assertEquals("person", set.images().get(0).boxes().get(0).category());
        assertEquals(0.75, set.images().get(0).boxes().get(0).score());
        assertEquals(C, set.images().get(1).image());
        assertEquals(List.of(), set.images().get(1).boxes());
    }

    @Test
    void roundTrip_resultsAndAnnotationsReadBackUnchanged() {
        PredictionSet set = new PredictionSet(TaskType.OBJECT_DETECTION, CLASSES, List.of(
                new ImagePrediction(A, null, List.of(new PredictedBox("sign", 1.5, 2, 30, 40, 0.25, null),
                        new PredictedBox("car", 0, 0, 100, 50, 1, null))),
                new ImagePrediction(B, null, List.of())));
        byte[] images = CocoDataset.write(List.of(A, B), CLASSES, Map.of(), TaskType.OBJECT_DETECTION);
        PredictionSet back = CocoResults.parse("r", CocoResults.write(set), "i", images, CATALOG, CLASSES);
        assertEquals(set.toString().replaceAll("@[0-9a-f]+", ""), back.toString().replaceAll("@[0-9a-f]+", ""));

        Map<Long, LabelEntry> labels = Map.of(
                A.sampleId(), new LabelEntry(A.path(), null, List.of(new LabeledBox("person", 3, 4, 10.5, 20))),
                B.sampleId(), new LabelEntry(B.path(), null, List.of()));
        List<LabelEntry> read = CocoDataset.parse("l", CocoDataset.write(List.of(A, B), CLASSES, labels,
                TaskType.OBJECT_DETECTION), CATALOG, CLASSES, TaskType.OBJECT_DETECTION);
        assertEquals(List.of(labels.get(1L), labels.get(2L)), read);

        Map<Long, LabelEntry> classes = Map.of(A.sampleId(), new LabelEntry(A.path(), "sign"));
        assertEquals(List.of(classes.get(1L)), CocoDataset.parse("l", CocoDataset.write(List.of(A, B), CLASSES, classes,
                TaskType.CLASSIFICATION), CATALOG, CLASSES, TaskType.CLASSIFICATION));
    }

    @Test
    void malformedFilesAreRefusedNamingFileAndField() {
        byte[] images = bytes(IMAGES);
        assertFault("r.json", "[0].bbox", () -> CocoResults.parse("r.json",
                bytes("[{\"image_id\": 10, \"category_id\": 1, \"bbox\": [90, 0, 20, 10], \"score\": 0.5}]"), "i.json",
                images, CATALOG, CLASSES));
        assertFault("r.json", "[0].score", () -> CocoResults.parse("r.json",
                bytes("[{\"image_id\": 10, \"category_id\": 1, \"bbox\": [0, 0, 20, 10], \"score\": -0.1}]"), "i.json",
                images, CATALOG, CLASSES));
        assertFault("r.json", "[0].image_id", () -> CocoResults.parse("r.json",
                bytes("[{\"image_id\": 99, \"category_id\": 1, \"bbox\": [0, 0, 20, 10], \"score\": 0.1}]"), "i.json",
                images, CATALOG, CLASSES));
        assertFault("r.json", "[0].bbox", () -> CocoResults.parse("r.json",
                bytes("[{\"image_id\": 10, \"category_id\": 1, \"bbox\": [0, 0, 20], \"score\": 0.1}]"), "i.json",
                images, CATALOG, CLASSES));
        assertFault("i.json", "images[0].width", () -> CocoResults.parse("r.json", bytes("[]"), "i.json",
                bytes(IMAGES.replace("\"width\": 100", "\"width\": 640")), CATALOG, CLASSES));
        assertFault("i.json", "images[1].file_name", () -> CocoResults.parse("r.json", bytes("[]"), "i.json",
                bytes(IMAGES.replace("pool/c.png", "pool/zz.png")), CATALOG, CLASSES));
        assertFault("l.json", "annotations[0].bbox", () -> CocoDataset.parse("l.json", bytes(IMAGES.replace("}]}",
                "}], \"annotations\": [{\"id\": 1, \"image_id\": 11, \"category_id\": 1, \"bbox\": [-1, 0, 5, 5]}]}")),
                CATALOG, CLASSES, TaskType.OBJECT_DETECTION));
    }

    /** As strict as the JSON labels: a classification needs no box, but a box given far outside its image is refused. */
    @Test
    void aClassificationAnnotationsBoxMustFitItsImage() {
        String labels = IMAGES.replace("}]}", "}], \"annotations\": [{\"id\": 1, \"image_id\": 10, \"category_id\": 2, "
                + "\"bbox\": BOX}]}");
        assertEquals(List.of(new LabelEntry(A.path(), "person")), CocoDataset.parse("l.json",
                bytes(labels.replace("BOX", "[0, 0, 100, 50]")), CATALOG, CLASSES, TaskType.CLASSIFICATION));
        assertFault("l.json", "annotations[0].bbox", () -> CocoDataset.parse("l.json",
                bytes(labels.replace("BOX", "[5000, 5000, 10, 10]")), CATALOG, CLASSES, TaskType.CLASSIFICATION));
        assertEquals(List.of(new LabelEntry(A.path(), "person")), CocoDataset.parse("l.json",
                bytes(labels.replace(", \"bbox\": BOX", "")), CATALOG, CLASSES, TaskType.CLASSIFICATION));
    }

    @Test
    void categoriesNameEachClassOnce() {
        assertFault("i.json", "categories[1].name", () -> CocoResults.parse("r.json", bytes("[]"), "i.json",
                bytes(IMAGES.replace("\"name\": \"person\"", "\"name\": \"car\"")), CATALOG, CLASSES));
    }
}
