package dev.needle.web.dashboard.map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.SmallProject;
import dev.needle.web.browser.Browser;
import dev.needle.web.demo.DemoData;

/** The embedding map in Chromium: three series of the right sizes, and a selected image's thumbnail on hover. */
@QuarkusTest
@Tag("browser")
class MapBrowserTest {

    private static final String PROJECT = "map-browser";
    private static final int POOL = 400;
    private static final int BATCH = 20;

    @TestHTTPResource("/")
    URL base;

    @Inject
    DatasetRegistry registry;

    @Test
    void theMapOfRound2_drawsUnlabeledLabeledAndSelected_andHoveringTheBatchShowsItsThumbnail() throws IOException {
        List<String> round2Batch = twoRounds();

        try (Browser browser = Browser.at(base)) {
            Page page = browser.loggedIn("mlops");
            // The tooltip's thumbnail comes from the real thumbnail endpoint; the test only notes what was asked.
            List<String> thumbnailsAsked = new ArrayList<>();
            page.onResponse(response -> {
                String url = response.url();
                if (url.contains("/projects/" + PROJECT + "/thumbnails?") && response.status() == 200)
                    thumbnailsAsked.add(URLDecoder.decode(url.substring(url.indexOf("file=") + 5), StandardCharsets.UTF_8));
            });
            page.navigate("/projects/" + PROJECT + "/map");
            page.waitForSelector("#map[data-ready=true]");

            assertThat(page.locator("#map-method")).hasText("PCA (principal component analysis)");
            assertThat(page.locator("select[name=round] option[selected]")).containsText("Round 2");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> series = (List<Map<String, Object>>) page.evaluate(
                    "() => echarts.getInstanceByDom(document.getElementById('map')).getOption().series"
                            + ".map(s => ({ id: s.id, name: s.name, points: s.data.length }))");
            assertEquals(List.of("unlabeled", "labeled", "selected"), series.stream().map(s -> s.get("id")).toList());
            assertEquals(List.of(POOL - 2 * BATCH, BATCH, BATCH),
                    series.stream().map(s -> ((Number) s.get("points")).intValue()).toList());
            assertEquals("Selected in round 2 · 20", series.get(2).get("name"));

            // Hover the first selected point: the batch is drawn on top, so whatever is under the mouse is of the batch.
            @SuppressWarnings("unchecked")
            Map<String, Object> at = (Map<String, Object>) page.evaluate("() => {"
                    + " const el = document.getElementById('map');"
                    + " const chart = echarts.getInstanceByDom(el);"
                    + " const point = chart.getOption().series[2].data[0];"
                    + " const [x, y] = chart.convertToPixel({ seriesIndex: 2 }, [point[0], point[1]]);"
                    + " const box = el.getBoundingClientRect();"
                    + " return { x: box.left + x, y: box.top + y }; }");
            double x = ((Number) at.get("x")).doubleValue();
            double y = ((Number) at.get("y")).doubleValue();
            page.mouse().move(x - 30, y - 30);
            page.mouse().move(x, y, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
            Locator img = page.locator("#map .map-tip img");
            assertThat(img).isVisible();
            assertThat(img).hasAttribute("src",
                    Pattern.compile("^/projects/" + PROJECT + "/thumbnails\\?file=pool%2F.+\\.png$"));
            String file = img.getAttribute("alt");
            assertTrue(round2Batch.contains(file), file + " is in round 2's batch " + round2Batch);
            assertThat(page.locator("#map .map-tip")).containsText("of round 2");
            page.waitForCondition(() -> (Boolean) img.evaluate("i => i.complete && i.naturalWidth > 0"));
            assertTrue(thumbnailsAsked.contains(file), "the tooltip asked for " + file + ": " + thumbnailsAsked);
            assertThat(page.locator("#map-status")).containsText(POOL + " pool images, " + POOL + " drawn");

            assertTrue(Files.isRegularFile(Browser.screenshot(page, "map-embedding")));
        }
    }

    /** Round 1 labeled in full, round 2 waiting for labels; returns round 2's batch. */
    private List<String> twoRounds() throws IOException {
        SmallProject.create(registry.datasetsRoot(), PROJECT, POOL, 2);
        if (mlops().get("/api/projects/{p}/iterations", PROJECT).then().extract().jsonPath().getList("$").isEmpty()) {
            start(1);
            JsonPath round1 = awaitIteration(PROJECT, 1, s -> "LABELING".equals(s.getString("step")));
            Map<String, String> truth = DemoData.poolTruth();
            List<Map<String, String>> labels = new ArrayList<>();
            for (String f : round1.getList("batch.fileName", String.class))
                labels.add(Map.of("fileName", f, "label", truth.get(f)));
            annotator().body(Map.of("labels", labels)).post("/api/projects/{p}/iterations/{r}/labels", PROJECT, 1)
                    .then().statusCode(200);
            awaitIteration(PROJECT, 1, s -> "COMPLETED".equals(s.getString("status")));
            start(2);
        }
        return awaitIteration(PROJECT, 2, s -> "LABELING".equals(s.getString("step")))
                .getList("batch.fileName", String.class);
    }

    private static void start(long seed) {
        mlops().body(Map.of("strategy", "RANDOM", "batchSize", BATCH, "seed", seed))
                .post("/api/projects/{p}/iterations", PROJECT).then().statusCode(202);
    }
}
