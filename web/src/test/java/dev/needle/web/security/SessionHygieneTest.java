package dev.needle.web.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;

import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The session and CSRF cookies' flags, and a page form's login check coming before anything else. */
@QuarkusTest
class SessionHygieneTest {

    @TestHTTPResource("/")
    URI root;

    @Test
    void theSessionCookieIsHttpOnlyAndStrict_andSecureUnderHttps() {
        String plain = cookie(login(r -> r), "needle-session");
        assertTrue(plain.contains("HTTPOnly") || plain.contains("HttpOnly"), plain);
        assertTrue(plain.contains("SameSite=Strict"), plain);
        assertFalse(plain.contains("Secure"), "a plain-http session cookie would never come back: " + plain);

        // A TLS-terminating proxy says https; so does the Forwarded header.
        for (UnaryOperator<RequestSpecification> https : List.<UnaryOperator<RequestSpecification>> of(
                r -> r.header("X-Forwarded-Proto", "https"), r -> r.header("Forwarded", "proto=https"))) {
            String secure = cookie(login(https), "needle-session");
            assertTrue(secure.contains("Secure"), secure);
            assertTrue(secure.contains("HTTPOnly") || secure.contains("HttpOnly"), secure);
        }
    }

    /**
     * A key is configured, so Quarkus makes none of its own and logs none (KeycloakFormOffTest watches the log); and it
     * is made at start, not at build time, where it would be copied into the artifact, the same for every deployment.
     */
    @Test
    void theSessionKeyIsMadeHere_notByQuarkus() {
        String key = ConfigProvider.getConfig().getValue(SessionKeySource.KEY, String.class);
        assertTrue(key.length() >= 16, "Quarkus refuses shorter keys");
        assertEquals(List.of("needle-session-key"), StreamSupport
                .stream(ConfigProvider.getConfig().getConfigSources().spliterator(), false)
                .filter(source -> source.getValue(SessionKeySource.KEY) != null)
                .map(ConfigSource::getName).toList());
    }

    @Test
    void theCsrfCookieIsHttpOnly_andSecureUnderHttps() {
        String plain = cookie(given().get("/login"), CsrfProtection.COOKIE);
        assertTrue(plain.contains("HTTPOnly") || plain.contains("HttpOnly"), plain);
        assertFalse(plain.contains("Secure"), plain);
        String secure = cookie(given().header("X-Forwarded-Proto", "https").get("/login"), CsrfProtection.COOKIE);
        assertTrue(secure.contains("Secure"), secure);
    }

    /**
     * Every page route that takes a form, whatever the body's type (none, JSON, text, the wrong form kind), sends a
     * caller without a login to the login page: no 415, no 400, nothing looked at before the login.
     */
    @Test
    void aPageFormPostedWithoutALogin_goesToTheLoginPageWhateverItsContentType() throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Routes.Route route : Routes.ofRunningApplication()) {
            if (route.isApi() || route.method().equals("GET") || route.access().kind().equals("permit"))
                continue;
            URI uri = root.resolve(route.path().substring(1).replace("{project}", "demo").replace("{round}", "1"));
            for (String type : List.of("", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN,
                    MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA + "; boundary=x")) {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                        .method(route.method(), HttpRequest.BodyPublishers.ofString("{\"x\":1}"));
                if (!type.isEmpty())
                    request.header("Content-Type", type);
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                calls++;
                String location = response.headers().firstValue("Location").orElse("");
                if (response.statusCode() != 302 || !location.endsWith("/login"))
                    wrong.add(route.method() + " " + uri.getPath() + " [" + type + "]: " + response.statusCode() + " "
                            + location);
            }
        }
        assertTrue(calls >= 40, "too few page form routes found: " + calls);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void loggingInAndOutNeedsNoLogin() {
        Response out = given().redirects().follow(false).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .formParam("x", "1").post("/logout");
        assertEquals(400, out.statusCode(), "anonymous logout stops at its CSRF check, not at a login: " + out.asString());
        assertEquals(302, login(r -> r).statusCode());
    }

    private static Response login(UnaryOperator<RequestSpecification> how) {
        return how.apply(given().redirects().follow(false).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .formParam("j_username", "mlops").formParam("j_password", "mlops")).post("/j_security_check");
    }

    private static String cookie(Response response, String name) {
        return response.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie: " + response.headers()));
    }
}
