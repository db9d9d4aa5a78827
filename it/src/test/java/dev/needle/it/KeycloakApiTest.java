package dev.needle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The API in production: Keycloak bearer tokens only, roles from the realm, annotators from Keycloak's users. */
class KeycloakApiTest {

    static KeycloakProcess keycloak;
    static NeedleProcess needle;

    @BeforeAll
    static void start() {
        keycloak = KeycloakProcess.shared();
        needle = KeycloakNeedle.shared();
    }

    @Test
    void aScriptWithAPasswordGrantTokenReadsProjects() throws Exception {
        HttpResponse<String> projects = get("/api/projects", bearer("mlops"));
        assertEquals(200, projects.statusCode(), projects.body());
        assertTrue(NeedleProcess.JSON.readTree(projects.body()).isArray(), projects.body());
    }

    @Test
    void withoutATokenTheApiAnswers401NotALoginPage() {
        HttpResponse<String> anonymous = get("/api/projects", null);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertTrue(anonymous.headers().firstValue("Location").isEmpty(), "no redirect to Keycloak for scripts");
    }

    @Test
    void anAnnotatorCannotCreateProjects() {
        HttpResponse<String> created = needle.send(HttpRequest.newBuilder(needle.uri("/api/projects"))
                .header("Authorization", bearer("annotator")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"slug\":\"kc\",\"name\":\"kc\",\"classes\":[\"a\",\"b\"]}")));
        assertEquals(403, created.statusCode(), created.body());
    }

    @Test
    void builtInUsersAreRefusedInProduction() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("mlops:mlops".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, get("/api/projects", basic).statusCode());
    }

    @Test
    void theAnnotatorsAreKeycloaksUsersWithTheAnnotatorRole() throws Exception {
        HttpResponse<String> response = get("/api/annotators", bearer("mlops"));
        assertEquals(200, response.statusCode(), response.body());
        List<String> annotators = new ArrayList<>();
        for (JsonNode name : NeedleProcess.JSON.readTree(response.body()))
            annotators.add(name.asText());
        assertEquals(List.of("annotator", "annotator2"), annotators);
    }

    @Test
    void anAnnotatorCannotListTheAnnotators() {
        assertEquals(403, get("/api/annotators", bearer("annotator")).statusCode());
    }

    /** Example users' passwords equal their names (config/keycloak/needle-realm.json). */
    static String bearer(String user) {
        return "Bearer " + keycloak.accessToken(user, user);
    }

    private static HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(needle.uri(path)).GET();
        if (authorization != null)
            request.header("Authorization", authorization);
        return needle.send(request);
    }
}
