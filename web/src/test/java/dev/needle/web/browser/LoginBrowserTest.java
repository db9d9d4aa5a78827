package dev.needle.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Page;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.needle.web.Api;

@QuarkusTest
@Tag("browser")
class LoginBrowserTest {

    @TestHTTPResource("/")
    URL base;

    static Browser browser;

    @BeforeAll
    static void startBrowser() {
        // Started lazily in the first test: the URL is known only once Quarkus is up.
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null)
            browser.close();
    }

    private Browser browser() {
        if (browser == null)
            browser = Browser.at(base);
        return browser;
    }

    @Test
    void givenAWrongPassword_loginStaysOnTheFormAndSaysSo() {
        Page page = browser().anonymous();
        page.navigate("/");
        page.waitForURL(url -> url.contains("/login"));
        page.getByLabel("User").fill("mlops");
        page.getByLabel("Password").fill("wrong");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Log in")).click();
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.ALERT)).containsText("Wrong user name");
    }

    @Test
    void givenTheBuiltInUser_loginShowsTheirNameAndLogoutEndsTheSession() {
        Page page = browser().loggedIn("mlops");
        assertThat(page.locator("header .who")).containsText("mlops");
        assertTrue(Files.isRegularFile(Browser.screenshot(page, "login-mlops-home")));
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Log out")).click();
        page.waitForURL(url -> url.contains("/login"));
        page.navigate("/");
        page.waitForURL(url -> url.contains("/login"));
    }

    @Test
    void givenTheSessionEndsWhileAPageIsOpen_anHtmxActionLeadsToTheLoginInsteadOfSwappingItIn() {
        if (Api.mlops().get("/api/projects/session-ends").statusCode() == 404)
            Api.mlops().body(Map.of("slug", "session-ends", "classes", List.of("a", "b"))).post("/api/projects")
                    .then().statusCode(201);
        Page page = browser().loggedIn("manager");
        page.navigate("/manage/session-ends");
        page.locator("input[name=amount]").first().fill("10");
        page.context().clearCookies(); // what a logout in another tab or a restart does to this page
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Set budget")).click();
        page.waitForURL(url -> url.contains("/login"));
        assertThat(page.getByLabel("Password")).isVisible();
        assertThat(page.locator("#budget")).hasCount(0);
        Api.manager().get("/api/projects/session-ends/budget").then().statusCode(200).body("limited", equalTo(false));
    }
}
