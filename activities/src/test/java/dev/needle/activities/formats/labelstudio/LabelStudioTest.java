package dev.needle.activities.formats.labelstudio;

import static dev.needle.activities.formats.Fixtures.A;
import static dev.needle.activities.formats.Fixtures.B;
import static dev.needle.activities.formats.Fixtures.CATALOG;
import static dev.needle.activities.formats.Fixtures.CLASSES;
import static dev.needle.activities.formats.Fixtures.assertFault;
import static dev.needle.activities.formats.Fixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.needle.activities.BadInputException;
import dev.needle.activities.formats.FormatException;
import dev.needle.activities.formats.ImagePrediction;
import dev.needle.activities.formats.Json;
import dev.needle.activities.formats.PredictedBox;
import dev.needle.activities.project.TaskType;
import dev.needle.workflows.messages.values.LabelEntry;
import dev.needle.workflows.messages.values.LabeledBox;

class LabelStudioTest {

    private static final LabelStudio.Origin ROUND_1 = new LabelStudio.Origin("p", 1);

    @Test
    void detectionTasksCarryPredictionsAsRectanglesInPercentOfTheImage() {
        ImagePrediction p = new ImagePrediction(A, null, List.of(new PredictedBox("car", 10, 5, 20, 10, 0.8, null)));
        JsonNode tasks = Json.parse(LabelStudio.writeTasks(List.of(new LabelStudio.Task(A, "/img/a.png", p, null)),
                CLASSES, TaskType.OBJECT_DETECTION, "yolo-7", "p", 3), "t");
        JsonNode prediction = tasks.get(0).get("predictions").get(0);
        assertEquals("yolo-7", prediction.get("model_version").asText());
        assertEquals(0.8, prediction.get("score").asDouble());
        JsonNode value = prediction.get("result").get(0).get("value");
        assertEquals(10.0, value.get("x").asDouble()); // 10 px of 100
        assertEquals(10.0, value.get("y").asDouble()); // 5 px of 50
        assertEquals(20.0, value.get("width").asDouble());
        assertEquals(20.0, value.get("height").asDouble());
        assertEquals("car", value.get("rectanglelabels").get(0).asText());
        assertEquals("pool/a.png", tasks.get(0).get("data").get("file_name").asText());
        assertEquals(3, tasks.get(0).get("data").get("needle_round").asInt());
    }

    @Test
    void classificationTasksCarryTheTopClassAsAChoice() {
        ImagePrediction p = new ImagePrediction(A, new double[] { 0.1, 0.6, 0.3 }, null);
        JsonNode prediction = Json.parse(LabelStudio.writeTasks(List.of(new LabelStudio.Task(A, "u", p, null)), CLASSES,
                TaskType.CLASSIFICATION, "m", "p", 1), "t").get(0).get("predictions").get(0);
        assertEquals("person", prediction.at("/result/0/value/choices/0").asText());
        assertEquals("choices", prediction.at("/result/0/type").asText());
        assertEquals(0.6, prediction.get("score").asDouble());
    }

    @Test
    void roundTrip_labelsWrittenAsAnnotationsReadBackUnchanged() {
        LabelEntry boxes = new LabelEntry(A.path(), null, List.of(new LabeledBox("sign", 12.5, 3, 40, 7.25)));
        LabelEntry none = new LabelEntry(B.path(), null, List.of());
        byte[] export = LabelStudio.writeTasks(List.of(new LabelStudio.Task(A, "u", null, boxes),
                new LabelStudio.Task(B, "u", null, none)), CLASSES, TaskType.OBJECT_DETECTION, null, "p", 1);
        List<LabelEntry> read = LabelStudio.parseExport("export.json", export, CATALOG, CLASSES, TaskType.OBJECT_DETECTION,
                ROUND_1);
        assertEquals(2, read.size());
        assertEquals(none, read.get(1));
        LabeledBox box = read.get(0).boxes().get(0);
        assertEquals("sign", box.category());
        assertEquals(12.5, box.x(), 1e-9);
        assertEquals(3, box.y(), 1e-9);
        assertEquals(40, box.width(), 1e-9);
        assertEquals(7.25, box.height(), 1e-9);

        LabelEntry cls = new LabelEntry(A.path(), "car");
        assertEquals(List.of(cls), LabelStudio.parseExport("e", LabelStudio.writeTasks(
                List.of(new LabelStudio.Task(A, "u", null, cls), new LabelStudio.Task(B, "u", null, null)), CLASSES,
                TaskType.CLASSIFICATION, null, "p", 1), CATALOG, CLASSES, TaskType.CLASSIFICATION, ROUND_1));
    }

    @Test
    void theLastAnnotationThatWasNotSkippedWins_andFaultsNameFileAndField() {
        String export = """
                [{"id": 1, "data": {"image": "/data/local-files/?d=pool/a.png"},
                  "annotations": [{"id": 5, "result": [{"type": "choices", "value": {"choices": ["car"]}}]},
                                  {"id": 6, "was_cancelled": true, "result": []}]}]""";
        assertEquals(List.of(new LabelEntry("pool/a.png", "car")),
                LabelStudio.parseExport("e.json", bytes(export), CATALOG, CLASSES, TaskType.CLASSIFICATION, ROUND_1));
        assertFault("e.json", "[0].annotations[0].result[0].value.choices[0]", () -> LabelStudio.parseExport("e.json",
                bytes(export.replace("[\"car\"]", "[\"tree\"]")), CATALOG, CLASSES, TaskType.CLASSIFICATION, ROUND_1));
        assertFault("e.json", "[0].annotations[0].result[0].value", () -> LabelStudio.parseExport("e.json", bytes("""
                [{"data": {"file_name": "a.png"}, "annotations": [{"result": [{"type": "rectanglelabels",
                  "value": {"x": 90, "y": 0, "width": 20, "height": 10, "rectanglelabels": ["car"]}}]}]}]"""), CATALOG,
                CLASSES, TaskType.OBJECT_DETECTION, ROUND_1));
        assertFault("e.json", "[0].data.file_name", () -> LabelStudio.parseExport("e.json",
                bytes("[{\"data\": {\"file_name\": \"ghost.png\"}}]"), CATALOG, CLASSES, TaskType.CLASSIFICATION, ROUND_1));
        assertFault("e.json", "line 1, column 3", () -> LabelStudio.parseExport("e.json", bytes("[{"), CATALOG, CLASSES,
                TaskType.CLASSIFICATION, ROUND_1));
    }

    @Test
    void tasksNeedleExportedForAnotherRoundOrProjectAreRefused() {
        LabelEntry cls = new LabelEntry(A.path(), "car");
        byte[] round7 = LabelStudio.writeTasks(List.of(new LabelStudio.Task(A, "u", null, cls)), CLASSES,
                TaskType.CLASSIFICATION, null, "p", 7);
        FormatException e = assertFault("e", "[0].data.needle_round",
                () -> LabelStudio.parseExport("e", round7, CATALOG, CLASSES, TaskType.CLASSIFICATION, ROUND_1));
        assertTrue(e.reason().contains("is 7") && e.reason().contains("round 1"), e.reason());
        assertFault("e", "[0].data.needle_project", () -> LabelStudio.parseExport("e", round7, CATALOG, CLASSES,
                TaskType.CLASSIFICATION, new LabelStudio.Origin("other", 7)));
        assertEquals(List.of(cls), LabelStudio.parseExport("e", round7, CATALOG, CLASSES, TaskType.CLASSIFICATION,
                new LabelStudio.Origin("p", 7)));
        assertFault("e", "[0].data.needle_round", () -> LabelStudio.parseExport("e",
                bytes("[{\"data\": {\"file_name\": \"a.png\", \"needle_round\": \"seven\"}}]"), CATALOG, CLASSES,
                TaskType.CLASSIFICATION, ROUND_1));
        // A webhook event reads its round from the task: only the project is checked.
        JsonNode data = Json.parse(round7, "e").get(0).get("data");
        LabelStudio.checkOrigin(data, new LabelStudio.Origin("p", null), "e", "task.data");
        assertFault("e", "task.data.needle_project",
                () -> LabelStudio.checkOrigin(data, new LabelStudio.Origin("q", null), "e", "task.data"));
    }

    @Test
    void anImageRootIsAnHttpUrlOrARelativePath() {
        for (String fine : List.of("https://cdn.example/images/", "http://10.0.0.5:8080/files?d=", "/data/local-files/?d=v1/",
                "images/"))
            assertEquals(fine, LabelStudio.imageRoot(fine));
        assertNull(LabelStudio.imageRoot(null));
        for (String bad : List.of("javascript:alert(1)//", "JavaScript:alert(1)", "data:text/html,<script>x</script>",
                "vbscript:x", "//evil.example/", "ftp://files.example/", "http:///no-host", " javascript:x",
                "java\tscript:x", "\\\\evil\\share", "", "x".repeat(2001))) {
            BadInputException e = assertThrows(BadInputException.class, () -> LabelStudio.imageRoot(bad), bad);
            assertEquals("imageRoot", e.field());
        }
    }
}
