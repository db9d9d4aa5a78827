package dev.needle.web.dashboard.annotate;

import static dev.needle.web.Api.as;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.SmallProject;
import dev.needle.web.TwoAnnotators;
import dev.needle.web.dashboard.PageSession;
import dev.needle.web.demo.DemoData;

/**
 * The annotator's pages over HTTP as a browser sends them (form session, CSRF token, htmx headers), with the API as
 * the witness of what was stored: a round of 6 split 3/3 between two annotators.
 */
@QuarkusTest
@TestProfile(TwoAnnotators.class)
class AnnotatePagesTest {

    private static final String PROJECT = "pages-annotate";

    @Inject
    DatasetRegistry registry;

    private final Map<String, String> truth = DemoData.poolTruth();

    @Test
    void anAnnotatorSeesLabelsUploadsAndFinishesOnlyTheirShare() throws IOException {
        SmallProject.create(registry.datasetsRoot(), PROJECT, 40, 2);
        mlops().body(Map.of("strategy", "RANDOM", "batchSize", 6, "seed", 5))
                .post("/api/projects/{p}/iterations", PROJECT).then().statusCode(202);
        awaitIteration(PROJECT, 1, s -> "LABELING".equals(s.getString("step")));
        List<String> mine = mine("annotator");
        List<String> theirs = mine("annotator2");
        assertEquals(3, mine.size());
        assertEquals(3, theirs.size());

        PageSession me = PageSession.login("annotator");
        PageSession other = PageSession.login("annotator2");

        // The overview lists the round with my count; the batch page names my images and none of the other's.
        String overview = me.get("/annotate").then().statusCode(200).extract().asString();
        assertTrue(overview.contains("href=\"/annotate/" + PROJECT + "/1\""), overview);
        assertTrue(overview.contains("<strong>0</strong> / 3"), overview);
        String myPage = me.get("/annotate/{p}/1", PROJECT).then().statusCode(200).extract().asString();
        String theirPage = other.get("/annotate/{p}/1", PROJECT).then().statusCode(200).extract().asString();
        for (String file : mine) {
            assertTrue(myPage.contains(file) || pageAt(me, mine.indexOf(file)).contains(file), file);
            assertFalse(theirPage.contains(file), "annotator2's page shows annotator's " + file);
            assertFalse(pageAt(other, mine.indexOf(file)).contains(file), "annotator2's labeler reaches " + file);
        }
        for (String file : theirs)
            assertFalse(pageAt(me, theirs.indexOf(file)).contains(file), "annotator's labeler reaches " + file);

        // A label through the page's htmx form is stored (the API sees it), the progress moves and the labeler
        // moves on to the next unlabeled image.
        Response labeled = me.htmxPost("/annotate/{p}/1/labels",
                Map.of("file", mine.get(0), "label", truth.get(mine.get(0)), "at", 0), PROJECT);
        assertEquals(200, labeled.statusCode(), labeled.asString());
        String fragment = labeled.asString();
        assertTrue(fragment.contains("<strong>1</strong> of 3 labeled"), fragment);
        assertTrue(fragment.contains("hx-swap-oob=\"true\""), "the progress comes out of band: " + fragment);
        assertTrue(fragment.contains("value=\"" + mine.get(1) + "\""), "the labeler moves on: " + fragment);
        assertEquals(truth.get(mine.get(0)), labelOf("annotator", mine.get(0)));
        assertEquals(1, awaitIteration(PROJECT, 1, s -> s.getInt("labeled") == 1).getInt("labeled"));

        // Someone else's image: the service's refusal inline, as a 400 htmx swaps in; nothing stored.
        Response refused = me.htmxPost("/annotate/{p}/1/labels",
                Map.of("file", theirs.get(0), "label", truth.get(theirs.get(0)), "at", 1), PROJECT);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.asString().contains("assigned to other annotators: " + theirs.get(0) + " (annotator2)"),
                refused.asString());
        assertNull(labelOf("annotator2", theirs.get(0)));

        // A CSV with the wrong header: the parser's message on the page, nothing stored.
        String goodRow = mine.get(1) + "," + truth.get(mine.get(1));
        Response bad = me.upload("/annotate/{p}/1/upload", Map.of("format", "csv"), "mine.csv",
                ("name,class\n" + goodRow + "\n").getBytes(StandardCharsets.UTF_8), PROJECT);
        assertEquals(400, bad.statusCode(), bad.asString());
        assertTrue(bad.asString().contains("Nothing was stored from mine.csv: mine.csv: header: must be file_name,label"),
                bad.asString());
        // A row for an image outside the batch: the workflow's validator refuses the whole file.
        Response outside = me.upload("/annotate/{p}/1/upload", Map.of("format", "csv"), "mine.csv",
                ("file_name,label\n" + goodRow + "\npool/img-99999.png,bag\n").getBytes(StandardCharsets.UTF_8), PROJECT);
        assertEquals(400, outside.statusCode(), outside.asString());
        assertTrue(outside.asString().contains("pool/img-99999.png"), outside.asString());
        assertNull(labelOf("annotator", mine.get(1)), "a refused file stores none of its rows");
        assertEquals(1, mlops().get("/api/projects/{p}/iterations/1", PROJECT).jsonPath().getInt("labeled"));

        // The same file done right goes the API's way: stored, counted.
        Response good = me.upload("/annotate/{p}/1/upload", Map.of("format", "csv"), "mine.csv",
                ("file_name,label\n" + goodRow + "\n").getBytes(StandardCharsets.UTF_8), PROJECT);
        assertEquals(200, good.statusCode(), good.asString());
        assertTrue(good.asString().contains("mine.csv: 1 labels new or changed, 0 unchanged."), good.asString());
        assertEquals(truth.get(mine.get(1)), labelOf("annotator", mine.get(1)));

        // Exports hold my share only, on the page and through the API alike; ML-ops export the whole batch.
        String csv = me.get("/annotate/{p}/1/export/csv", PROJECT).then().statusCode(200).extract().asString();
        String apiCsv = as("annotator").get("/api/projects/{p}/iterations/1/export/csv", PROJECT).then().statusCode(200)
                .extract().asString();
        String allCsv = mlops().get("/api/projects/{p}/iterations/1/export/csv", PROJECT).then().statusCode(200)
                .extract().asString();
        for (String file : mine) {
            assertTrue(csv.contains(file), csv);
            assertTrue(apiCsv.contains(file), apiCsv);
        }
        for (String file : theirs) {
            assertFalse(csv.contains(file), csv);
            assertFalse(apiCsv.contains(file), apiCsv);
            assertTrue(allCsv.contains(file), allCsv);
        }
        assertTrue(csv.contains(mine.get(0) + "," + truth.get(mine.get(0))), "labels given so far are in: " + csv);
        String coco = me.get("/annotate/{p}/1/export/coco", PROJECT).then().statusCode(200).extract().asString();
        assertEquals(3, JsonPath.from(coco).getList("images").size());

        // A plain form post (no JavaScript) goes back to the page at the next image.
        me.formPost("/annotate/{p}/1/labels", Map.of("file", mine.get(2), "label", truth.get(mine.get(2)), "at", 2),
                PROJECT).then().statusCode(303);
        assertEquals(truth.get(mine.get(2)), labelOf("annotator", mine.get(2)));

        // Done ends labeling for the round; the round goes on to training and completes.
        Response done = me.htmxPost("/annotate/{p}/1/done", Map.of(), PROJECT);
        assertEquals(200, done.statusCode(), done.asString());
        assertTrue(done.asString().contains("You marked labeling done."), done.asString());
        JsonPath finished = awaitIteration(PROJECT, 1, s -> "COMPLETED".equals(s.getString("status")));
        assertEquals(3, finished.getInt("labeled"));
        // Done again: the service's conflict, inline.
        Response again = me.htmxPost("/annotate/{p}/1/done", Map.of(), PROJECT);
        assertEquals(409, again.statusCode());
        assertTrue(again.asString().contains("round: iteration 1 is completed"), again.asString());
        assertFalse(me.get("/annotate").asString().contains("href=\"/annotate/" + PROJECT + "/1\""),
                "a finished round leaves the overview");

        // Pages of the annotator are theirs alone; the manager's are not theirs.
        me.get("/manage").then().statusCode(403);
        PageSession.login("manager").get("/annotate").then().statusCode(403);
    }

    private static String pageAt(PageSession session, int at) {
        return session.get("/annotate/{p}/1/labeler?at=" + at, PROJECT).then().statusCode(200).extract().asString();
    }

    private static List<String> mine(String annotator) {
        return as(annotator).get("/api/projects/{p}/assignments/1/mine", PROJECT).then().statusCode(200).extract()
                .jsonPath().getList("items.fileName");
    }

    private static String labelOf(String annotator, String file) {
        JsonPath mine = as(annotator).get("/api/projects/{p}/assignments/1/mine", PROJECT).then().statusCode(200)
                .extract().jsonPath();
        return mine.getString("items.find { it.fileName == '" + file + "' }.label");
    }
}
