package dev.needle.web.dashboard.map;

import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.SmallProject;
import dev.needle.web.demo.DemoData;

/**
 * The map's points as the page fetches them, with a login session: one point per pool image, the batch as the
 * selected series, and labels counted from the round after the one that gave them.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MapPointsTest {

    private static final String PROJECT = "map";
    static final int POOL = 60;
    static final int BATCH = 10;
    private static final String PROBLEM = "application/problem+json";

    @Inject
    DatasetRegistry registry;

    /** A browser's session: the form login's cookie, as the page's own fetch carries it. */
    record Session(String cookie) {
        static Session of(String user) {
            String cookie = given().redirects().follow(false)
                    .formParam("j_username", user).formParam("j_password", user)
                    .post("/j_security_check")
                    .then().statusCode(302).extract().cookie("needle-session");
            assertNotNull(cookie, "the login sets the session cookie");
            return new Session(cookie);
        }

        /** A fresh request each time: a RestAssured specification keeps the path parameters of its last call. */
        RequestSpecification call() {
            return given().redirects().follow(false).cookie("needle-session", cookie);
        }
    }

    /** A project of {@code POOL} images whose round 1 has reached labeling; created once per test run. */
    static JsonPath projectAtLabeling(DatasetRegistry registry, String slug) throws IOException {
        SmallProject.create(registry.datasetsRoot(), slug, POOL, 2);
        if (mlops().get("/api/projects/{p}/iterations", slug).then().extract().jsonPath().getList("$").isEmpty()) {
            mlops().body(Map.of("strategy", "RANDOM", "batchSize", BATCH, "seed", 5))
                    .post("/api/projects/{p}/iterations", slug).then().statusCode(202);
        }
        return awaitIteration(slug, 1, s -> "LABELING".equals(s.getString("step"))
                || "COMPLETED".equals(s.getString("status")));
    }

    private JsonPath projectAtLabeling() throws IOException {
        return projectAtLabeling(registry, PROJECT);
    }

    @Test
    @Order(1)
    void aRoundAtLabeling_mapsEveryPoolImage_withItsBatchSelectedAndNothingLabeled() throws IOException {
        JsonPath round1 = projectAtLabeling();
        Set<String> batch = new HashSet<>(round1.getList("batch.fileName", String.class));
        assertEquals(BATCH, batch.size());
        Session mlopsPage = Session.of("mlops");

        JsonPath map = mlopsPage.call().get("/projects/{p}/map/points?round=1&method=pca", PROJECT).then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
        assertEquals(1, map.getInt("round"));
        assertEquals("pca", map.getString("method"));
        assertEquals(POOL, map.getInt("poolSize"));
        assertEquals(List.of("unlabeled", "labeled", "selected"), map.getList("series.id"));
        assertEquals(List.of(POOL - BATCH, 0, BATCH), map.getList("series.total", Integer.class));
        assertEquals(List.of(POOL - BATCH, 0, BATCH), map.getList("series.shown", Integer.class),
                "a pool under the cap is sent whole");
        assertEquals(batch, new HashSet<>(map.getList("series[2].fileName", String.class)));
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), new HashSet<>(map.getList("series[2].rank", Integer.class)));
        Set<Long> ids = new HashSet<>();
        for (int s = 0; s < 3; s++) {
            ids.addAll(map.getList("series[" + s + "].sampleId", Long.class));
            assertEquals(map.getList("series[" + s + "].x").size(), map.getList("series[" + s + "].y").size());
        }
        assertEquals(POOL, ids.size(), "one point per pool image, none twice");
        double explained = map.getDouble("explained[0]") + map.getDouble("explained[1]");
        assertTrue(explained > 0 && explained <= 1 + 1e-9, "share of variance " + explained);
        assertTrue(map.getDouble("explained[0]") >= map.getDouble("explained[1]"));

        // Again, without a round: the latest one, from the cache, the same coordinates.
        JsonPath again = mlopsPage.call().get("/projects/{p}/map/points", PROJECT).then().statusCode(200).extract().jsonPath();
        assertTrue(again.getBoolean("cached"));
        assertEquals(map.getList("series[2].x"), again.getList("series[2].x"));
        assertEquals(map.getList("series[0].sampleId"), again.getList("series[0].sampleId"));
    }

    @Test
    @Order(2)
    void badInput_isRefusedByField_andAnAnnotatorIsRefused() throws IOException {
        projectAtLabeling();
        Session mlopsPage = Session.of("mlops");
        mlopsPage.call().get("/projects/{p}/map/points?method=tsne", PROJECT).then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("method")).body("reason", containsString("Apache-compatible licence"));
        mlopsPage.call().get("/projects/{p}/map/points?method=mds", PROJECT).then().statusCode(400)
                .body("field", equalTo("method")).body("reason", containsString("the method offered is pca"));
        mlopsPage.call().get("/projects/{p}/map/points?round=7", PROJECT).then().statusCode(404)
                .body("field", equalTo("round")).body("reason", containsString("no round 7"));
        mlopsPage.call().get("/projects/{p}/map/points?round=first", PROJECT).then().statusCode(400)
                .body("field", equalTo("round"));
        mlopsPage.call().get("/projects/{p}/map/points", "no-such-project").then().statusCode(404)
                .body("field", equalTo("project"));
        mlopsPage.call().get("/projects/{p}/map", "no-such-project").then().statusCode(404);

        Session annotatorPage = Session.of("annotator");
        annotatorPage.call().get("/projects/{p}/map/points", PROJECT).then().statusCode(403);
        annotatorPage.call().get("/projects/{p}/map", PROJECT).then().statusCode(403);
        // Not logged in: the page sends people to the login form rather than answering.
        given().redirects().follow(false).get("/projects/{p}/map/points", PROJECT).then().statusCode(302)
                .header("Location", containsString("/login"));
    }

    @Test
    @Order(3)
    void thePage_namesTheProjection_offersTheRounds_andSaysWhenThereAreNoEmbeddings() throws IOException {
        projectAtLabeling();
        String html = Session.of("manager").call().get("/projects/{p}/map", PROJECT).then().statusCode(200).extract()
                .asString();
        assertTrue(html.contains("PCA (principal component analysis)"), html);
        assertTrue(html.contains("<option value=\"1\" selected>Round 1 · 10 images"), html);
        assertTrue(html.contains("data-points=\"/projects/map/map/points?round=1&amp;method=pca\""), html);
        assertTrue(html.contains("/_static/echarts/dist/echarts.min.js"), html);

        mlops().body(Map.of("slug", "map-empty")).post("/api/projects").then().statusCode(201);
        String empty = Session.of("mlops").call().get("/projects/{p}/map", "map-empty").then().statusCode(200).extract()
                .asString();
        assertTrue(empty.contains("no embeddings yet: run an iteration first"), empty);
        assertFalse(empty.contains("id=\"map\""), "no chart without points");
        Session.of("mlops").call().get("/projects/{p}/map/points", "map-empty").then().statusCode(409).contentType(PROBLEM)
                .body("field", equalTo("round")).body("reason", equalTo("no embeddings yet: run an iteration first"));
    }

    /** Last: it finishes round 1 and starts round 2. */
    @Test
    @Order(4)
    void theNextRound_countsTheLastRoundsLabelsAsLabeled_whileTheEarlierRoundStaysAsItsQuerySawIt() throws IOException {
        projectAtLabeling();
        Map<String, String> truth = DemoData.poolTruth();
        JsonPath round1 = awaitIteration(PROJECT, 1, s -> "LABELING".equals(s.getString("step"))
                || "COMPLETED".equals(s.getString("status")));
        if (!"COMPLETED".equals(round1.getString("status"))) {
            List<Map<String, String>> labels = new ArrayList<>();
            for (String f : round1.getList("batch.fileName", String.class))
                labels.add(Map.of("fileName", f, "label", truth.get(f)));
            annotator().body(Map.of("labels", labels)).post("/api/projects/{p}/iterations/{r}/labels", PROJECT, 1)
                    .then().statusCode(200);
            awaitIteration(PROJECT, 1, s -> "COMPLETED".equals(s.getString("status")));
            mlops().body(Map.of("strategy", "RANDOM", "batchSize", BATCH, "seed", 6))
                    .post("/api/projects/{p}/iterations", PROJECT).then().statusCode(202);
        }
        awaitIteration(PROJECT, 2, s -> "LABELING".equals(s.getString("step")));

        Session mlopsPage = Session.of("mlops");
        JsonPath now = mlopsPage.call().get("/projects/{p}/map/points", PROJECT).then().statusCode(200).extract().jsonPath();
        assertEquals(2, now.getInt("round"));
        assertEquals(List.of(POOL - 2 * BATCH, BATCH, BATCH), now.getList("series.total", Integer.class));
        assertTrue(now.getBoolean("cached"), "round 2 reuses round 1's embeddings, and so their projection");
        JsonPath then = mlopsPage.call().get("/projects/{p}/map/points?round=1", PROJECT).then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of(POOL - BATCH, 0, BATCH), then.getList("series.total", Integer.class));
        assertEquals(new HashSet<>(then.getList("series[2].sampleId", Long.class)),
                new HashSet<>(now.getList("series[1].sampleId", Long.class)), "round 1's batch is round 2's labeled");
    }
}
