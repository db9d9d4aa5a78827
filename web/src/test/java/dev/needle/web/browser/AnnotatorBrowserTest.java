package dev.needle.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.needle.web.Api.as;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.SmallProject;
import dev.needle.web.TwoAnnotators;
import dev.needle.web.demo.DemoData;

/** An annotator labels their whole share with the keyboard alone, says done, and watches the round move on. */
@QuarkusTest
@TestProfile(TwoAnnotators.class)
@Tag("browser")
class AnnotatorBrowserTest {

    private static final String PROJECT = "browser-annotate";

    @TestHTTPResource("/")
    URL base;
    @Inject
    DatasetRegistry registry;

    @Test
    void anAnnotatorLabelsTheirShareWithTheKeyboardAndFinishesTheRound() throws IOException {
        SmallProject.create(registry.datasetsRoot(), PROJECT, 40, 2);
        mlops().body(Map.of("strategy", "RANDOM", "batchSize", 8, "seed", 11))
                .post("/api/projects/{p}/iterations", PROJECT).then().statusCode(202);
        awaitIteration(PROJECT, 1, s -> "LABELING".equals(s.getString("step")));
        List<String> mine = as("annotator").get("/api/projects/{p}/assignments/1/mine", PROJECT).then().statusCode(200)
                .extract().jsonPath().getList("items.fileName");
        assertEquals(4, mine.size());
        Map<String, String> truth = DemoData.poolTruth();

        try (Browser browser = Browser.at(base)) {
            Page page = browser.loggedIn("annotator");
            page.navigate("/annotate");
            page.locator("a[href='/annotate/" + PROJECT + "/1']").click();
            page.waitForURL(url -> url.endsWith("/annotate/" + PROJECT + "/1"));
            assertThat(page.locator("#progress .count")).containsText("0 of 4 labeled");
            assertThat(page.locator("#labeler .keys")).containsText("move between images");
            Browser.screenshot(page, "annotator-batch");

            // The arrows move through the share and come back.
            String first = currentFile(page);
            page.keyboard().press("ArrowRight");
            assertThat(page.locator("#labeler .position")).containsText("Image 2 of 4");
            assertNotEquals(first, currentFile(page));
            page.keyboard().press("ArrowLeft");
            assertThat(page.locator("#labeler .file")).hasText(first);

            Set<String> labeled = new HashSet<>();
            for (int n = 1; n <= mine.size(); n++) {
                String file = currentFile(page);
                assertTrue(mine.contains(file), file + " is not annotator's");
                String key = page.locator("#labeler button[value='" + truth.get(file) + "']").getAttribute("data-key");
                page.keyboard().press(key);
                assertThat(page.locator("#progress .count")).containsText(n + " of 4 labeled");
                labeled.add(file);
                if (n == 2)
                    Browser.screenshot(page, "annotator-labeling");
            }
            assertEquals(new HashSet<>(mine), labeled, "each image came up once");
            assertThat(page.locator("#labeler .all-labeled")).isVisible();

            page.onceDialog(dialog -> dialog.accept());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Labeling done")).click();
            assertThat(page.locator("#round-state")).containsText("You marked labeling done.");
            // The status line polls: the round trains and completes without a reload.
            assertThat(page.locator("#round-state .badge")).hasText("COMPLETED",
                    new LocatorAssertions.HasTextOptions().setTimeout(60_000));

            JsonPath round = awaitIteration(PROJECT, 1, s -> "COMPLETED".equals(s.getString("status")));
            assertEquals(4, round.getInt("labeled"));
            JsonPath stored = as("annotator").get("/api/projects/{p}/assignments/1/mine", PROJECT).then().statusCode(200)
                    .extract().jsonPath();
            for (String file : mine)
                assertEquals(truth.get(file), stored.getString("items.find { it.fileName == '" + file + "' }.label"), file);
            assertEquals(4, stored.getInt("labeled"));
        }
    }

    private static String currentFile(Page page) {
        return page.locator("#labeler .file").textContent().strip();
    }
}
