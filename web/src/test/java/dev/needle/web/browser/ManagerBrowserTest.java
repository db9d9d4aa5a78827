package dev.needle.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.needle.web.Api.annotator;
import static dev.needle.web.Api.as;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Page;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.SmallProject;
import dev.needle.web.demo.DemoData;

/** A manager opens a project's budget after two rounds: the charts draw the ledger's figures, the forms answer inline. */
@QuarkusTest
@Tag("browser")
class ManagerBrowserTest {

    private static final String PROJECT = "browser-manage";

    @TestHTTPResource("/")
    URL base;
    @Inject
    DatasetRegistry registry;

    @Test
    void aManagerSeesSpendChartsAndTheForecast() throws IOException {
        SmallProject.create(registry.datasetsRoot(), PROJECT, 60, 3);
        as("manager").body(Map.of("amount", 120, "currency", "EUR", "overrunPolicy", "SHRINK"))
                .put("/api/projects/{p}/budget", PROJECT).then().statusCode(200);
        as("manager").body(Map.of("cost", 1.5)).put("/api/projects/{p}/budget/costs/classification", PROJECT).then()
                .statusCode(200);
        runRound(1, 10, 10);
        runRound(2, 12, 9);

        try (Browser browser = Browser.at(base)) {
            Page page = browser.loggedIn("manager");
            page.navigate("/manage");
            page.locator("a[href='/manage/" + PROJECT + "']").click();
            page.waitForURL(url -> url.endsWith("/manage/" + PROJECT));
            page.locator("#charts[data-loaded='true']").waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                    .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
            for (String chart : List.of("chart-rounds", "chart-annotators", "chart-value"))
                assertThat(page.locator("#" + chart + " canvas")).hasCount(1);
            assertEquals(List.of(15, 13.5), page.evaluate(
                    "echarts.getInstanceByDom(document.getElementById('chart-rounds')).getOption().series[0].data"));
            assertEquals(List.of(28.5), page.evaluate(
                    "echarts.getInstanceByDom(document.getElementById('chart-annotators')).getOption().series[0].data"));
            assertEquals(1, ((List<?>) page.evaluate(
                    "echarts.getInstanceByDom(document.getElementById('chart-value')).getOption().series[0].data")).size());
            // 120 − 15 − 13.5 = 91.5 available; mean spend (15 + 13.5) / 2 = 14.25; 91.5 / 14.25 = 6.42 → 6.
            assertThat(page.locator(".forecast .formula")).hasText("available 91.5 ÷ mean spend 14.25 = 6.42 → 6");
            Browser.screenshot(page, "manager-budget");

            // A bad amount: the budget service's message beside the field, swapped in by htmx.
            page.locator("#budget form[action$='/adjust'] input[name=amount]").fill("-500");
            page.locator("#budget form[action$='/adjust'] input[name=reason]").fill("cut");
            page.locator("#budget form[action$='/adjust'] button").click();
            assertThat(page.locator("#budget form[action$='/adjust'] .field-error"))
                    .containsText("amount: would take the available 91.5 EUR below zero");
            assertEquals(120, as("manager").get("/api/projects/{p}/budget", PROJECT).jsonPath().getInt("total"));
        }
    }

    /** A round of {@code batch} images; the annotator labels {@code labels} of them and, if that is not all, says done. */
    private static void runRound(int round, int batch, int labels) {
        mlops().body(Map.of("strategy", "RANDOM", "batchSize", batch, "seed", round))
                .post("/api/projects/{p}/iterations", PROJECT).then().statusCode(202);
        awaitIteration(PROJECT, round, s -> "LABELING".equals(s.getString("step")));
        Map<String, String> truth = DemoData.poolTruth();
        List<String> files = annotator().get("/api/projects/{p}/assignments/{r}/mine", PROJECT, round).then()
                .statusCode(200).extract().jsonPath().getList("items.fileName");
        annotator().body(Map.of("labels", files.subList(0, labels).stream()
                .map(f -> Map.of("fileName", f, "label", truth.get(f))).toList()))
                .post("/api/projects/{p}/iterations/{r}/labels", PROJECT, round).then().statusCode(200);
        if (labels < batch)
            annotator().post("/api/projects/{p}/iterations/{r}/done", PROJECT, round).then().statusCode(202);
        awaitIteration(PROJECT, round, s -> "COMPLETED".equals(s.getString("status")));
    }
}
