package dev.needle.web.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.ws.rs.core.MediaType;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Under the {@code keycloak} profile the built-in login form is no way in, and no secret reaches the log. No Keycloak
 * runs here (the it module's Keycloak tests have the real one): nothing below needs it to answer.
 */
@QuarkusTest
@TestProfile(KeycloakFormOffTest.KeycloakProfile.class)
class KeycloakFormOffTest {

    /**
     * What the form mechanism logs, caught from the start: it is made, and logged its key, at the first request. Held
     * here because java.util.logging keeps loggers weakly.
     */
    private static final Logger FORM_LOG = Logger.getLogger(
            "io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism");
    private static final List<String> LOGGED = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void listen() {
        FORM_LOG.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                LOGGED.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    public static class KeycloakProfile implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "test,keycloak";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    // Loopback, where nothing listens: the tests never reach Keycloak.
                    "NEEDLE_KEYCLOAK_URL", "http://127.0.0.1:9",
                    "NEEDLE_KEYCLOAK_SECRET", "not-a-secret");
        }
    }

    @Test
    void theBuiltInUsersCannotLogInThroughTheForm() {
        Response login = given().redirects().follow(false).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .formParam("j_username", "mlops").formParam("j_password", "mlops").post("/j_security_check");
        assertFalse(login.headers().getValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("needle-session=")),
                login.statusCode() + " " + login.headers());
        String location = String.valueOf(login.header("Location"));
        assertFalse(login.statusCode() == 302 && location.endsWith("/"), "logged in: " + location);
        // The form's page sends people home, where Keycloak's code flow takes over.
        given().redirects().follow(false).get("/login").then().statusCode(303);
    }

    @Test
    void noEncryptionKeyReachesTheLog() {
        // Every authentication mechanism, the form's included, is made once a request went through them.
        given().redirects().follow(false).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .formParam("j_username", "mlops").formParam("j_password", "mlops").post("/j_security_check");
        given().redirects().follow(false).get("/login");
        assertTrue(LOGGED.stream().noneMatch(m -> m.contains("key")), "a session key in the log: " + LOGGED);
    }
}
