package dev.needle.web.assignment;

import static dev.needle.web.Api.as;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.SmallProject;
import dev.needle.web.TwoAnnotators;
import dev.needle.web.demo.DemoData;

/**
 * An annotator sees their own share of a batch and no one else's, in the iteration's view and in every file they
 * export; ML-ops and managers see the whole batch.
 */
@QuarkusTest
@TestProfile(TwoAnnotators.class)
class AnnotatorShareTest {

    private static final String PROJECT = "share";

    @Inject
    DatasetRegistry registry;

    @Test
    void givenABatchSplitBetweenTwoAnnotators_eachSeesAndExportsOnlyTheirShare() throws IOException {
        SmallProject.create(registry.datasetsRoot(), PROJECT, 40, 2);
        Map<String, String> truth = DemoData.poolTruth();
        mlops().body(Map.of("strategy", "RANDOM", "batchSize", 4, "seed", 1,
                "assignment", Map.of("capacity", Map.of("annotator", 3, "annotator2", 1))))
                .post("/api/projects/{p}/iterations", PROJECT).then().statusCode(202);
        awaitIteration(PROJECT, 1, s -> "LABELING".equals(s.getString("step")));
        Set<String> mine = mine("annotator");
        Set<String> theirs = mine("annotator2");
        assertEquals(3, mine.size());
        assertEquals(1, theirs.size());
        assertTrue(Collections.disjoint(mine, theirs));

        String labeledFile = mine.iterator().next();
        as("annotator").body(Map.of("labels", List.of(Map.of("fileName", labeledFile, "label", truth.get(labeledFile)))))
                .post("/api/projects/{p}/iterations/{r}/labels", PROJECT, 1).then().statusCode(200);

        // The iteration's view: each annotator their share, counted as theirs; ML-ops and managers everything.
        JsonPath annotator = view("annotator");
        assertEquals(mine, files(annotator, "batch.fileName"));
        assertEquals(1, annotator.getInt("labeled"));
        assertEquals(3, annotator.getInt("progress.total"), annotator.prettify());
        assertEquals(truth.get(labeledFile), annotator.getString("batch.find { it.fileName == '" + labeledFile + "' }.label"));
        JsonPath annotator2 = view("annotator2");
        assertEquals(theirs, files(annotator2, "batch.fileName"));
        assertEquals(0, annotator2.getInt("labeled"));
        assertEquals(1, annotator2.getInt("progress.total"));
        Set<String> all = new HashSet<>(mine);
        all.addAll(theirs);
        for (String user : List.of("mlops", "manager")) {
            JsonPath everything = view(user);
            assertEquals(all, files(everything, "batch.fileName"), user);
            assertEquals(1, everything.getInt("labeled"), user);
            assertEquals(4, everything.getInt("progress.total"), user);
        }

        // Exports: the files an annotator takes to their labeling tool hold their images and their labels only.
        assertEquals(csvOf(mine, labeledFile, truth), csv("annotator"));
        assertEquals(csvOf(theirs, null, truth), csv("annotator2"));
        assertEquals(csvOf(all, labeledFile, truth), csv("mlops"));
        JsonPath coco = export("annotator2", "coco");
        assertEquals(theirs, files(coco, "images.file_name"));
        assertEquals(0, coco.getList("annotations").size());
        assertEquals(1, export("annotator", "coco").getList("annotations").size());
        assertEquals(mine, files(export("annotator", "label-studio"), "data.file_name"));
        assertEquals(theirs, files(export("annotator2", "label-studio"), "data.file_name"));
        assertEquals(all, files(export("mlops", "label-studio"), "data.file_name"));

        mlops().body(Map.of("reason", "test over")).post("/api/projects/{p}/iterations/{r}/cancel", PROJECT, 1)
                .then().statusCode(202);
        awaitIteration(PROJECT, 1, s -> "CANCELLED".equals(s.getString("status")));
    }

    private static Set<String> mine(String annotator) {
        return Set.copyOf(as(annotator).get("/api/projects/{p}/assignments/{r}/mine", PROJECT, 1).then().statusCode(200)
                .extract().jsonPath().getList("items.fileName", String.class));
    }

    private static JsonPath view(String user) {
        return as(user).get("/api/projects/{p}/iterations/{r}", PROJECT, 1).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath export(String user, String format) {
        return as(user).get("/api/projects/{p}/iterations/{r}/export/" + format, PROJECT, 1).then().statusCode(200)
                .extract().jsonPath();
    }

    private static Set<String> csv(String user) {
        String body = as(user).get("/api/projects/{p}/iterations/{r}/export/csv", PROJECT, 1).then().statusCode(200)
                .extract().asString();
        List<String> lines = body.lines().toList();
        assertEquals("file_name,label", lines.get(0));
        return Set.copyOf(lines.subList(1, lines.size()));
    }

    private static Set<String> csvOf(Set<String> files, String labeled, Map<String, String> truth) {
        Set<String> rows = new HashSet<>();
        for (String f : files)
            rows.add(f + "," + (f.equals(labeled) ? truth.get(f) : ""));
        return rows;
    }

    private static Set<String> files(JsonPath json, String path) {
        List<String> list = json.getList(path, String.class);
        assertNull(list.stream().filter(f -> f == null).findAny().orElse(null), json.prettify());
        return Set.copyOf(list);
    }
}
