package dev.needle.web.dashboard;

import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.needle.web.Api;
import dev.needle.web.SmallProject;

/** The ML-ops pages as a logged-in person sees them: rendering, inline form errors, thumbnails and their rules. */
@QuarkusTest
class MlopsPagesTest {

    private static final Path DATASETS = Path.of("target/test-data/datasets");
    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G' };

    @Test
    void theProjectsPage_listsAProjectWithItsDatasetModelAndBudget() throws IOException {
        SmallProject.create(DATASETS, "pages-list", 12, 2);
        PageSession manager = PageSession.login("manager");
        manager.get("/").then().statusCode(200)
                .body(containsString("href=\"/projects/pages-list\""))
                .body(containsString("12 pool · 20 eval · 0 skipped"))
                .body(containsString("unlimited (no budget set)"))
                // The create form is ML-ops' only.
                .body(not(containsString("Create a project")));

        Api.as("manager").body(Map.of("amount", 50, "currency", "EUR")).put("/api/projects/{p}/budget", "pages-list")
                .then().statusCode(200);
        String page = manager.get("/").asString();
        String card = page.substring(page.indexOf("href=\"/projects/pages-list\""));
        assertTrue(card.contains("available <strong>50</strong> of 50 EUR"), card);

        JsonPath charts = manager.request().accept("application/json").get("/projects/{p}/charts", "pages-list")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(true, charts.getBoolean("limited"));
        assertEquals(List.of(), charts.getList("rounds"));
        assertEquals("ADJUST", charts.getString("burn[0].kind"));
        assertEquals(50, charts.getInt("burn[0].available"));

        PageSession.login("mlops").get("/projects/{p}", "pages-list").then().statusCode(200)
                .body(containsString("href=\"/projects/pages-list/map\""))
                .body(containsString("href=\"/projects/pages-list/iterations/new\""))
                .body(containsString("No round yet."));
        // A stale link gets a page, not the API's problem+json.
        PageSession.login("mlops").get("/projects/{p}", "pages-no-such").then().statusCode(404)
                .contentType(containsString("text/html")).body(containsString("no project pages-no-such"));
        PageSession.login("mlops").get("/projects/{p}/iterations/9", "pages-list").then().statusCode(404)
                .contentType(containsString("text/html")).body(containsString("project pages-list has no iteration 9"));
        mlops().get("/api/projects/{p}", "pages-no-such").then().statusCode(404)
                .contentType(containsString("application/problem+json"));
    }

    @Test
    void createProject_withABadSlug_showsTheMessageBesideTheFieldAndStoresNothing() {
        PageSession mlops = PageSession.login("mlops");
        mlops.get("/").then().statusCode(200).body(containsString("Create a project"));
        int before = mlops().get("/api/projects").then().extract().jsonPath().getList("slug").size();

        Response refused = mlops.formPost("/projects", Map.of("slug", "Bad Slug!", "name", "Bad", "classes", "a, b"));
        refused.then().statusCode(400)
                .body(containsString("id=\"slug-error\">lowercase letters, digits and dashes, 1 to 63 characters<"))
                // What was typed stays in the form.
                .body(containsString("value=\"Bad Slug!\""))
                .body(containsString("value=\"a, b\""));
        assertEquals(before, mlops().get("/api/projects").then().extract().jsonPath().getList("slug").size());

        mlops.formPost("/projects", Map.of("slug", "pages-dup-classes", "name", "", "classes", "a, a")).then()
                .statusCode(400).body(containsString("id=\"classes-error\">class names must be unique<"));
        mlops().get("/api/projects/{p}", "pages-dup-classes").then().statusCode(404);

        mlops.formPost("/projects", Map.of("slug", "pages-created", "name", "Created here", "classes", "cat, dog"))
                .then().statusCode(303).header("Location", containsString("/projects/pages-created"));
        mlops().get("/api/projects/{p}", "pages-created").then().statusCode(200)
                .body("name", equalTo("Created here")).body("classes", equalTo(List.of("cat", "dog")));
    }

    @Test
    void pageFormsRefuseOtherRolesAndPostsWithoutTheCsrfToken() {
        PageSession annotator = PageSession.login("annotator");
        annotator.get("/").then().statusCode(200).body(not(containsString("Create a project")));
        annotator.formPost("/projects", Map.of("slug", "pages-by-annotator")).then().statusCode(403);
        PageSession.login("mlops").request().contentType("application/x-www-form-urlencoded")
                .formParam("slug", "pages-no-token").post("/projects").then().statusCode(400);
        mlops().get("/api/projects/{p}", "pages-by-annotator").then().statusCode(404);
        mlops().get("/api/projects/{p}", "pages-no-token").then().statusCode(404);
    }

    @Test
    void theStartForm_withBatchSizeZero_showsTheMessageBesideTheFieldAndStartsNothing() throws IOException {
        SmallProject.create(DATASETS, "pages-start", 12, 2);
        PageSession mlops = PageSession.login("mlops");
        mlops.get("/projects/{p}/iterations/new", "pages-start").then().statusCode(200)
                .body(containsString("<option value=\"uncertainty_margin\""));

        mlops.formPost("/projects/{p}/iterations", form("0", "P2D"), "pages-start").then().statusCode(400)
                .body(containsString("id=\"batchSize-error\">must be a positive number<"));
        mlops.formPost("/projects/{p}/iterations", form("3", "two days"), "pages-start").then().statusCode(400)
                .body(containsString("must be an ISO-8601 duration"));
        mlops.formPost("/projects/{p}/iterations", form("50", "P2D"), "pages-start").then().statusCode(400)
                .body(containsString("is 50 but only 12 pool images are unlabeled"));
        mlops().get("/api/projects/{p}/iterations", "pages-start").then().statusCode(200).body("size()", equalTo(0));
        PageSession.login("manager").get("/projects/{p}/iterations/new", "pages-start").then().statusCode(403);
    }

    @Test
    void thumbnails_followTheRolesAndNeverLeaveTheDataset() throws IOException {
        SmallProject.create(DATASETS, "pages-thumbs", 12, 2);
        List<String> pool = poolFiles("pages-thumbs");
        PageSession mlops = PageSession.login("mlops");
        mlops.get("/projects/{p}/iterations/new", "pages-thumbs");
        mlops.formPost("/projects/{p}/iterations", form("4", "P2D"), "pages-thumbs").then().statusCode(303)
                .header("Location", containsString("/projects/pages-thumbs/iterations/1"));
        JsonPath labeling = awaitIteration("pages-thumbs", 1, s -> "LABELING".equals(s.getString("step")));
        List<String> batch = labeling.getList("batch.fileName");
        String assigned = batch.get(0);
        String notAssigned = pool.stream().filter(f -> !batch.contains(f)).findFirst().orElseThrow();

        byte[] image = mlops.request().get("/projects/{p}/thumbnails?file={f}", "pages-thumbs", notAssigned).then()
                .statusCode(200).contentType("image/png").extract().asByteArray();
        // Served as it is: the demo's images are 28×28, smaller than any thumbnail.
        assertArrayEquals(Files.readAllBytes(DATASETS.resolve("pages-thumbs-dataset").resolve(notAssigned)), image);
        PageSession.login("manager").request().get("/projects/{p}/thumbnails?file={f}", "pages-thumbs", notAssigned)
                .then().statusCode(200);

        PageSession annotator = PageSession.login("annotator");
        byte[] own = annotator.request().get("/projects/{p}/thumbnails?file={f}", "pages-thumbs", assigned).then()
                .statusCode(200).extract().asByteArray();
        assertArrayEquals(PNG, Arrays.copyOf(own, 4));
        annotator.request().get("/projects/{p}/thumbnails?file={f}", "pages-thumbs", notAssigned).then().statusCode(403);

        for (String outside : List.of("../pages-list-dataset/" + pool.get(0), "pool/../../pages-thumbs-dataset/" + pool.get(0),
                "/etc/passwd", "pool/no-such.png"))
            mlops.request().get("/projects/{p}/thumbnails?file={f}", "pages-thumbs", outside).then().statusCode(404);

        // The iteration page shows the batch with its thumbnails, then the cancel form ends the round.
        mlops.get("/projects/{p}/iterations/1", "pages-thumbs").then().statusCode(200)
                .body(containsString("sse-connect=\"/projects/pages-thumbs/iterations/1/live\""))
                .body(containsString("/projects/pages-thumbs/thumbnails?file=" + assigned.replace("/", "%2F")));
        mlops.formPost("/projects/{p}/iterations/{r}/cancel", Map.of("reason", "page test"), "pages-thumbs", 1).then()
                .statusCode(303);
        awaitIteration("pages-thumbs", 1, s -> "CANCELLED".equals(s.getString("status")));
        mlops.formPost("/projects/{p}/iterations/{r}/cancel", Map.of("reason", "again"), "pages-thumbs", 1).then()
                .statusCode(409).body(containsString("Not cancelled: iteration 1 is cancelled."));
        // A finished round's stream says so once and ends, rather than ticking forever.
        String stream = mlops.request().accept("text/event-stream").get("/projects/{p}/iterations/{r}/live",
                "pages-thumbs", 1).then().statusCode(200).extract().asString();
        assertTrue(stream.contains("event:done") || stream.contains("event: done"), stream);
        assertTrue(stream.contains("cancelled"), stream);
        assertTrue(!stream.contains("event:progress") && !stream.contains("event: progress"), stream);
        mlops.get("/projects/{p}/iterations/1", "pages-thumbs").then().statusCode(200)
                .body(not(containsString("sse-connect")))
                .body(not(containsString("Cancel round")))
                .body(containsString("page test"));
    }

    private static Map<String, String> form(String batchSize, String deadline) {
        return Map.of("strategy", "RANDOM", "batchSize", batchSize, "scorer", "uncertainty_margin", "seed", "7",
                "deadline", deadline, "trainer", "");
    }

    private static List<String> poolFiles(String slug) throws IOException {
        try (Stream<Path> files = Files.list(DATASETS.resolve(slug + "-dataset/pool"))) {
            return files.map(f -> "pool/" + f.getFileName()).sorted().toList();
        }
    }
}
