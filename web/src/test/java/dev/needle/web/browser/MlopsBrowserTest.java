package dev.needle.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.awaitIteration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.needle.web.Api;
import dev.needle.web.SmallProject;
import dev.needle.web.demo.DemoData;

/**
 * An ML-ops engineer's round through the dashboard: from the projects page to a started iteration whose page follows
 * the round live (server-sent events, no reload) until it has trained a model, then the project's history and charts.
 */
@QuarkusTest
@Tag("browser")
class MlopsBrowserTest {

    private static final String PROJECT = "browser-mlops";
    private static final int BATCH = 6;

    @TestHTTPResource("/")
    URL base;

    @Test
    void startAnIteration_watchItLive_andSeeItInTheHistory() throws IOException {
        SmallProject.create(Path.of("target/test-data/datasets"), PROJECT, 16, 3);
        Api.as("manager").body(Map.of("amount", 20, "currency", "EUR")).put("/api/projects/{p}/budget", PROJECT)
                .then().statusCode(200);
        Api.as("manager").body(Map.of("cost", 0.5)).put("/api/projects/{p}/budget/costs/classification", PROJECT)
                .then().statusCode(200);
        try (Browser browser = Browser.at(base)) {
            Page page = browser.loggedIn("mlops");

            page.navigate("/");
            assertThat(page.locator(".project-card", new Page.LocatorOptions().setHasText(PROJECT))).containsText("16 pool");
            shot(page, "mlops-projects");

            page.locator(".project-card h2 a[href='/projects/" + PROJECT + "']").click();
            page.waitForURL(url -> url.endsWith("/projects/" + PROJECT));
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Start iteration")).click();
            page.waitForURL(url -> url.endsWith("/iterations/new"));
            page.getByLabel("Strategy").selectOption(new SelectOption().setValue("RANDOM"));
            page.getByLabel("Batch size").fill(String.valueOf(BATCH));
            page.getByLabel("Seed").fill("11");
            page.getByLabel("Labeling deadline").fill("P2D");
            shot(page, "mlops-start-iteration");

            AtomicInteger navigations = new AtomicInteger();
            page.onFrameNavigated(frame -> {
                if (frame == page.mainFrame())
                    navigations.incrementAndGet();
            });
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start iteration")).click();
            page.waitForURL(url -> url.endsWith("/projects/" + PROJECT + "/iterations/1"));
            int landed = navigations.get();
            // Survives only if the page is never loaded again.
            page.evaluate("() => { window.needleMarker = 'same page'; }");

            // From whatever step it showed on arrival, the stream moves it to LABELING with an empty count.
            assertThat(page.locator("#current-step")).hasText("LABELING",
                    new LocatorAssertions.HasTextOptions().setTimeout(60_000));
            assertThat(page.locator("#progress-text")).hasText("0 / " + BATCH + " labels received");
            assertThat(page.locator("li.step[data-step=EMBED]")).hasClass(Pattern.compile("\\bdone\\b"));
            assertThat(page.locator("li.step[data-step=LABELING]")).hasClass(Pattern.compile("\\brunning\\b"));

            // The gallery arrives with the batch: every thumbnail decodes.
            assertThat(page.locator(".gallery img")).hasCount(BATCH);
            page.locator(".gallery").scrollIntoViewIfNeeded();
            page.waitForFunction("() => [...document.querySelectorAll('.gallery img')]"
                    + ".every(i => i.complete && i.naturalWidth > 0)");

            List<String> files = awaitIteration(PROJECT, 1, s -> "LABELING".equals(s.getString("step")))
                    .getList("batch.fileName");
            Map<String, String> truth = DemoData.poolTruth();
            label(files.subList(0, BATCH / 2), truth);
            assertThat(page.locator("#progress-text")).hasText((BATCH / 2) + " / " + BATCH + " labels received");
            assertThat(page.locator(".thumb.labeled")).hasCount(BATCH / 2);
            page.locator("body").evaluate("() => window.scrollTo(0, 0)");
            shot(page, "mlops-iteration-live");

            label(files.subList(BATCH / 2, BATCH), truth);
            assertThat(page.locator("#iteration-status")).hasText("completed",
                    new LocatorAssertions.HasTextOptions().setTimeout(60_000));
            assertThat(page.locator("li.step[data-step=RETRAIN]")).hasClass(Pattern.compile("\\bdone\\b"));
            // The finished page listens no more: the stream's last event replaced the part that was connected to it.
            assertThat(page.locator("[sse-connect]")).hasCount(0);
            assertEquals(landed, navigations.get(), "the iteration page was never reloaded");
            assertEquals("same page", page.evaluate("() => window.needleMarker"));
            JsonPath done = Api.iteration(PROJECT, 1);

            page.navigate("/projects/" + PROJECT);
            assertThat(page.locator("table.history tbody tr").first()).containsText(BATCH + " / " + BATCH);
            assertThat(page.locator("table.history tbody tr").first())
                    .containsText(String.format("%.3f", done.getDouble("accuracy")));
            assertThat(page.locator("table.history tbody tr").first()).containsText("3 EUR");
            for (String chart : List.of("#chart-labels", "#chart-spend", "#chart-burn"))
                assertThat(page.locator(chart + " canvas")).hasCount(1);
            shot(page, "mlops-project-history");
        }
    }

    private static void label(List<String> files, Map<String, String> truth) {
        List<Map<String, String>> labels = new ArrayList<>();
        for (String f : files)
            labels.add(Map.of("fileName", f, "label", truth.get(f)));
        annotator().body(Map.of("labels", labels)).post("/api/projects/{p}/iterations/{r}/labels", PROJECT, 1)
                .then().statusCode(200);
    }

    private static void shot(Page page, String name) {
        assertTrue(Files.isRegularFile(Browser.screenshot(page, name)));
    }
}
