package dev.needle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;

/** The dashboard in production: a person logs in on Keycloak's own page (code flow) and out again. */
@Tag("browser")
class KeycloakLoginTest {

    static KeycloakProcess keycloak;
    static NeedleProcess needle;
    static Chromium chromium;

    @BeforeAll
    static void start() {
        keycloak = KeycloakProcess.shared();
        needle = KeycloakNeedle.shared();
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        chromium.close();
    }

    @Test
    void anAnonymousVisitorLogsInOnKeycloaksPageAndOutAgain() {
        Page page = chromium.anonymous();
        Pattern keycloakLogin = Pattern.compile(Pattern.quote(keycloak.issuer()) + "/protocol/openid-connect/auth.*");

        long started = System.nanoTime();
        page.navigate(needle.baseUrl() + "/");
        page.waitForURL(keycloakLogin);
        page.locator("#kc-login").waitFor();
        long loginPage = System.nanoTime();
        Chromium.screenshot(page, "keycloak-login-page");

        page.locator("#username").fill("mlops");
        page.locator("#password").fill("mlops");
        page.locator("#kc-login").click();
        page.waitForURL(url -> url.startsWith(needle.baseUrl()));
        PlaywrightAssertions.assertThat(page.locator(".who")).containsText("mlops");
        long loggedIn = System.nanoTime();
        Chromium.screenshot(page, "keycloak-logged-in-mlops");

        // The tokens in the session cookie are refreshed (KeycloakNeedle skews the clock to force it) without a trip
        // to Keycloak's login page: the person stays on Needle's page and the cookie carries new tokens.
        String session = sessionCookie(page);
        List<String> toKeycloak = new CopyOnWriteArrayList<>();
        page.onRequest(request -> {
            if (request.url().startsWith(keycloak.url()))
                toKeycloak.add(request.url());
        });
        page.reload();
        PlaywrightAssertions.assertThat(page.locator(".who")).containsText("mlops");
        assertTrue(page.url().startsWith(needle.baseUrl()), page.url());
        assertNotEquals(session, sessionCookie(page), "refreshed tokens in the session cookie");
        assertEquals(List.of(), toKeycloak, "refreshed by Needle with the refresh token, not by a new login");

        long logout = System.nanoTime();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
        page.waitForURL(keycloakLogin);
        page.locator("#kc-login").waitFor();
        System.out.printf("Keycloak login: / to Keycloak's page %.1f s, its form to Needle's page %.1f s;"
                + " logout %.1f s%n", (loginPage - started) / 1e9, (loggedIn - loginPage) / 1e9,
                (System.nanoTime() - logout) / 1e9);
        // Logged out of Keycloak as well: opening Needle again asks for the password, not a silent login.
        page.navigate(needle.baseUrl() + "/");
        page.waitForURL(keycloakLogin);
        assertTrue(page.locator("#password").isVisible(), "Keycloak asks for the password again");
    }

    private static String sessionCookie(Page page) {
        return page.context().cookies(needle.baseUrl()).stream()
                .filter(cookie -> cookie.name.startsWith("q_session"))
                .map(cookie -> cookie.name + "=" + cookie.value)
                .sorted().reduce("", String::concat);
    }
}
