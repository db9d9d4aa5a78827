package dev.needle.web.security;

import static dev.needle.web.Api.mlops;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.SmallProject;
import dev.needle.web.TwoAnnotators;
import dev.needle.web.labelstudio.LabelStudioWebhook;
import dev.needle.web.security.Routes.Access;
import dev.needle.web.security.Routes.Route;

/**
 * Every route the application serves × {anonymous, mlops, annotator, manager}, against the reviewed expectation file
 * {@code security/role-matrix.csv}. Routes come from Quarkus REST's own routing table (see {@link Routes}), so a new
 * endpoint is in the matrix the moment it exists: if it declares no roles, or the file does not list it, this fails
 * and prints the row to add. Each call is a real HTTP request through the real authentication mechanisms: HTTP basic
 * for /api/*, the login form's session cookie (and a CSRF token on POSTs) for pages.
 */
@QuarkusTest
@TestProfile(TwoAnnotators.class)
class RoleMatrixTest {

    private static final String PROJECT = "matrix";
    private static final String EXPECTATIONS = "security/role-matrix.csv";
    private static final String DENY_UNANNOTATED = "quarkus.security.jaxrs.deny-unannotated-endpoints";
    /** Who calls: {@code null} is anonymous. annotator2 is the same role as annotator and adds nothing here. */
    private static final List<String> CALLERS = Arrays.asList(null, Roles.MLOPS, Roles.ANNOTATOR, Roles.MANAGER);
    private static final String API_CSRF = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
    private static final Pattern CSRF_TOKEN = Pattern.compile("\"X-CSRF-TOKEN\": \"([^\"]+)\"");

    /** Bodies that get past deserialisation to the route's own checks, where "{}" would stop earlier. */
    private static final Map<String, String> BODIES = Map.of(
            "POST,/api/trainer-runs/{run}/complete", "{\"modelVersion\":\"matrix\",\"artifactUri\":\"file:///matrix\"}");

    @Inject
    DatasetRegistry registry;

    private long datasetId;
    private final Map<String, Session> sessions = new HashMap<>();

    /** A logged-in page user: the form's session cookie and a CSRF cookie with its token. */
    record Session(String sessionCookie, String csrfCookie, String csrfToken) {
    }

    record Row(String method, String path, Access access, Integer anyone) {
        String key() {
            return method + "," + path;
        }

        String line() {
            return key() + "," + access + (anyone == null ? "" : "," + anyone);
        }
    }

    @BeforeEach
    void project() throws IOException {
        SmallProject.create(registry.datasetsRoot(), PROJECT, 4, 1);
        datasetId = mlops().get("/api/projects/{p}/datasets", PROJECT).then().statusCode(200).extract().jsonPath()
                .getLong("[0].id");
    }

    @Test
    void everyRouteDeclaresItsRoles_andTheExpectationFileListsThemAsTheCodeDoes() {
        List<Route> routes = Routes.ofRunningApplication();
        Map<String, Row> file = expectations();
        List<String> problems = new ArrayList<>();

        for (Route r : routes) {
            if (r.access() == Access.NONE)
                problems.add("declares no roles (add @RolesAllowed or @PermitAll): " + r.key() + " " + r.javaMethod());
            if (r.method().equals("*"))
                problems.add("a sub-resource locator, which this matrix cannot call: " + r.key() + " " + r.javaMethod());
        }
        Map<String, Access> code = new LinkedHashMap<>();
        for (Route r : routes) {
            Access before = code.putIfAbsent(r.key(), r.access());
            if (before != null && !before.equals(r.access()))
                problems.add("one path, two sets of roles (" + before + " / " + r.access() + "): " + r.key());
        }

        List<String> missing = code.entrySet().stream().filter(e -> !file.containsKey(e.getKey()))
                .map(e -> e.getKey() + "," + e.getValue()).toList();
        List<String> gone = file.values().stream()
                .filter(row -> !row.access().kind().equals("open") && !code.containsKey(row.key()))
                .map(Row::line).toList();
        List<String> differ = file.values().stream()
                .filter(row -> code.containsKey(row.key()) && !code.get(row.key()).equals(row.access()))
                .map(row -> row.line() + "   (the code says: " + code.get(row.key()) + ")").toList();
        List<String> openButJaxRs = file.values().stream()
                .filter(row -> row.access().kind().equals("open") && code.containsKey(row.key()))
                .map(Row::line).toList();

        if (!missing.isEmpty())
            problems.add("routes missing from " + EXPECTATIONS + "; add these rows:\n  " + String.join("\n  ", missing));
        if (!gone.isEmpty())
            problems.add("rows for routes the application no longer serves; remove them:\n  " + String.join("\n  ", gone));
        if (!differ.isEmpty())
            problems.add("rows whose roles differ from the code; change one of them:\n  " + String.join("\n  ", differ));
        if (!openButJaxRs.isEmpty())
            problems.add("rows marked open that are JAX-RS routes; give their roles:\n  " + String.join("\n  ", openButJaxRs));
        // The net under the matrix: what slips past this test is refused to everyone, not open to everyone.
        if (!ConfigProvider.getConfig().getOptionalValue(DENY_UNANNOTATED, Boolean.class).orElse(false))
            problems.add(DENY_UNANNOTATED + " must be true");
        if (!problems.isEmpty())
            fail(String.join("\n", problems));
    }

    @Test
    void everyRouteAnswersEveryCallerAsDeclared() {
        Map<String, Row> file = expectations();
        List<String> violations = new ArrayList<>();
        StringBuilder matrix = new StringBuilder("\nroute | anonymous | mlops | annotator | manager\n");
        for (Route route : Routes.ofRunningApplication()) {
            Row row = file.get(route.key());
            Access access = row != null ? row.access() : route.access();
            Integer anyone = row != null ? row.anyone() : null;
            matrix.append(route.key()).append(route.consumes().isEmpty() ? "" : " " + route.consumes());
            for (String caller : CALLERS) {
                Response response = call(route, caller);
                matrix.append(" | ").append(response.statusCode());
                String problem = judge(route, access, anyone, caller, response);
                if (problem != null)
                    violations.add(route.key() + " " + route.consumes() + " as " + (caller == null ? "anonymous" : caller)
                            + ": " + problem + " (" + response.statusCode() + " " + abbreviate(response.asString()) + ")");
            }
            matrix.append('\n');
        }
        System.out.println(matrix);
        if (!violations.isEmpty())
            fail(violations.size() + " calls answered other than declared:\n" + String.join("\n", violations) + matrix);
    }

    /** Health, API description, static assets and the login form's target: no login needed, none asked for. */
    @Test
    void openRoutesAnswerEveryCallerWithoutAskingForALogin() {
        List<String> violations = new ArrayList<>();
        for (Row row : expectations().values()) {
            if (!row.access().kind().equals("open"))
                continue;
            for (String caller : CALLERS) {
                RequestSpecification request = given().redirects().follow(false);
                if (caller != null)
                    request.cookie("needle-session", session(caller).sessionCookie());
                // The login form's target: the caller's own credentials, or a stranger's.
                if (!row.method().equals("GET"))
                    request.formParam("j_username", caller == null ? "nobody" : caller)
                            .formParam("j_password", caller == null ? "nobody" : caller);
                Response response = request.request(row.method(), row.path());
                int status = response.statusCode();
                boolean toLogin = status / 100 == 3 && row.method().equals("GET")
                        && String.valueOf(response.header("Location")).contains("/login");
                if (status == 401 || status == 403 || status == 404 || status >= 500 || toLogin)
                    violations.add(row.line() + " as " + caller + ": " + status + " " + response.header("Location"));
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    @Test
    void theLoginFormLogsInWithTheRightPasswordOnly() {
        Response wrong = given().redirects().follow(false).formParam("j_username", "mlops")
                .formParam("j_password", "nope").post("/j_security_check");
        assertEquals(302, wrong.statusCode());
        assertTrue(wrong.header("Location").endsWith("/login?error=true"), wrong.header("Location"));
        assertNull(wrong.cookie("needle-session"));

        Response right = given().redirects().follow(false).formParam("j_username", "manager")
                .formParam("j_password", "manager").post("/j_security_check");
        assertEquals(302, right.statusCode());
        assertNotEquals(null, right.cookie("needle-session"));
        given().redirects().follow(false).cookie("needle-session", right.cookie("needle-session")).get("/").then()
                .statusCode(200);
    }

    /** The API authenticates by basic (or bearer) only: a page's session cookie is no credential there. */
    @Test
    void theApiIgnoresThePagesSessionCookie() {
        given().cookie("needle-session", session(Roles.MLOPS).sessionCookie()).get("/api/projects").then()
                .statusCode(401);
        given().cookie("needle-session", session(Roles.MLOPS).sessionCookie()).contentType("application/json")
                .body("{\"slug\":\"by-cookie\"}").post("/api/projects").then().statusCode(401);
        mlops().get("/api/projects/{p}", "by-cookie").then().statusCode(404);
    }

    /** A page form posted without its CSRF token is refused before it acts: here, logging out. */
    @Test
    void aPageFormPostWithoutItsCsrfToken_isRefusedAndChangesNothing() {
        Session user = session(Roles.ANNOTATOR);
        Response refused = given().redirects().follow(false).cookie("needle-session", user.sessionCookie())
                .cookie("needle-csrf", user.csrfCookie()).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .formParam("next", "/").post("/logout");
        assertEquals(400, refused.statusCode(), refused.asString());
        assertFalse(refused.headers().getValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("needle-session=")),
                "a refused logout must not touch the session cookie: " + refused.headers().getValues("Set-Cookie"));
        given().redirects().follow(false).cookie("needle-session", user.sessionCookie()).get("/").then().statusCode(200);

        // A wrong token is refused like a missing one; the right one goes through.
        given().redirects().follow(false).cookie("needle-session", user.sessionCookie())
                .cookie("needle-csrf", user.csrfCookie()).formParam("csrf-token", "forged").post("/logout").then()
                .statusCode(400);
        Response accepted = given().redirects().follow(false).cookie("needle-session", user.sessionCookie())
                .cookie("needle-csrf", user.csrfCookie()).formParam("csrf-token", user.csrfToken()).post("/logout");
        assertEquals(303, accepted.statusCode(), accepted.asString());
        assertTrue(accepted.headers().getValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("needle-session=;")
                || c.startsWith("needle-session=\"\"") || c.contains("Max-Age=0")), accepted.headers().toString());
    }

    /** With its shared secret the webhook is past every check of the security layer, whoever calls. */
    @Test
    void theWebhookTakesItsSecretFromAnyone() {
        for (String caller : CALLERS) {
            RequestSpecification request = given().contentType("application/json")
                    .header(LabelStudioWebhook.SECRET_HEADER, "test-secret").body("{}");
            if (caller != null)
                request.auth().preemptive().basic(caller, caller);
            int status = request.post("/api/projects/{p}/label-studio/webhook", PROJECT).statusCode();
            assertTrue(status != 401 && status != 403 && status < 500, caller + " got " + status);
        }
    }

    private String judge(Route route, Access access, Integer anyone, String caller, Response response) {
        int status = response.statusCode();
        if (status >= 500)
            return "a server error";
        if (access.kind().equals("permit")) {
            if (anyone != null) {
                if (status != anyone)
                    return "expected the route's own " + anyone;
                if ((status == 401 || status == 403) && !String.valueOf(response.contentType()).contains("problem+json"))
                    return "a " + status + " of the security layer, not of the route's own check";
                return null;
            }
            return status == 401 || status == 403 ? "refused a @PermitAll route" : null;
        }
        if (caller == null) {
            if (route.isApi())
                return status == 401 ? null : "anonymous must get 401";
            boolean toLogin = status == 302 && String.valueOf(response.header("Location")).endsWith("/login");
            return toLogin ? null : "anonymous must be sent to /login";
        }
        if (access.allows(caller)) {
            if (status == 401 || status == 403)
                return "an allowed role was refused";
            // The API answers its own errors as problem+json; a bare 4xx is a filter's, before the route ran.
            if (route.isApi() && status >= 400 && !String.valueOf(response.contentType()).contains("problem+json"))
                return "refused before the route ran (not the route's own problem+json)";
            // A page that sends a logged-in user back to the form did not let them in either.
            boolean toLogin = status / 100 == 3 && String.valueOf(response.header("Location")).contains("/login");
            return !route.isApi() && toLogin ? "an allowed role was sent to /login" : null;
        }
        return status == 403 ? null : "a role not allowed must get 403";
    }

    private Response call(Route route, String caller) {
        RequestSpecification request = given().redirects().follow(false);
        if (route.isApi()) {
            if (caller != null)
                request.auth().preemptive().basic(caller, caller);
            // quarkus-rest-csrf verifies every form and multipart POST, /api/* too (see NOTES-matrix.md): a script
            // gets past it with the double-submit pair, a random token in both the cookie and the header.
            if (formLike(route))
                request.cookie("needle-csrf", API_CSRF).header("X-CSRF-TOKEN", API_CSRF);
        } else {
            Session session = caller == null ? anonymousCsrf() : session(caller);
            if (session.sessionCookie() != null)
                request.cookie("needle-session", session.sessionCookie());
            if (!route.method().equals("GET"))
                request.cookie("needle-csrf", session.csrfCookie()).formParam("csrf-token", session.csrfToken());
        }
        if (route.path().equals("/api/trainer-runs"))
            request.queryParam("project", PROJECT).queryParam("round", 99);
        if (!route.method().equals("GET"))
            body(request, route);
        return request.request(route.method(), path(route.path()));
    }

    private static boolean formLike(Route route) {
        return route.consumes().stream().anyMatch(t -> t.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE)
                || t.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE));
    }

    private void body(RequestSpecification request, Route route) {
        MediaType type = route.consumes().isEmpty() ? MediaType.APPLICATION_JSON_TYPE : route.consumes().get(0);
        String subtype = type.getType() + "/" + type.getSubtype();
        switch (subtype) {
            case MediaType.APPLICATION_FORM_URLENCODED -> request.contentType(MediaType.APPLICATION_FORM_URLENCODED);
            case MediaType.MULTIPART_FORM_DATA -> request.multiPart("results", "results.json",
                    "[]".getBytes(StandardCharsets.UTF_8), "application/json");
            case "text/csv", MediaType.TEXT_PLAIN -> request.contentType(subtype).body("file_name,label\n");
            case "application/zip", MediaType.APPLICATION_OCTET_STREAM -> request.contentType(subtype)
                    .body(new byte[] { 'P', 'K' });
            default -> request.contentType(MediaType.APPLICATION_JSON).body(BODIES.getOrDefault(route.key(), "{}"));
        }
    }

    /** Real where it costs nothing; names of nothing where a real round or run would be changed by the calls. */
    private String path(String template) {
        Matcher m = Pattern.compile("\\{(\\w+)}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "project" -> PROJECT;
                case "id" -> template.contains("/datasets/{id}") ? String.valueOf(datasetId) : "999999";
                case "round" -> "99";
                case "run" -> "no-such-run";
                case "taskType" -> "classification";
                case "format" -> "csv";
                case "sample" -> "999999";
                default -> throw new IllegalStateException("no value for {" + m.group(1) + "} in " + template
                        + ": teach RoleMatrixTest.path one");
            };
            m.appendReplacement(out, value);
        }
        return m.appendTail(out).toString();
    }

    private Session session(String user) {
        return sessions.computeIfAbsent(user, u -> {
            Response login = given().redirects().follow(false).formParam("j_username", u).formParam("j_password", u)
                    .post("/j_security_check");
            String cookie = Objects.requireNonNull(login.cookie("needle-session"), "no session for " + u);
            return withCsrf(given().cookie("needle-session", cookie).get("/login"), cookie);
        });
    }

    private Session anonymousCsrf() {
        return sessions.computeIfAbsent("(anonymous)", u -> withCsrf(given().get("/login"), null));
    }

    /** The token is in the page (htmx's header, the forms' hidden field); the cookie it must match, beside it. */
    private static Session withCsrf(Response page, String sessionCookie) {
        Matcher token = CSRF_TOKEN.matcher(page.asString());
        assertTrue(token.find(), "no CSRF token in the page: " + abbreviate(page.asString()));
        return new Session(sessionCookie, Objects.requireNonNull(page.cookie("needle-csrf"), "no CSRF cookie"),
                token.group(1));
    }

    static Map<String, Row> expectations() {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (InputStream in = RoleMatrixTest.class.getClassLoader().getResourceAsStream(EXPECTATIONS)) {
            String text = new String(Objects.requireNonNull(in, EXPECTATIONS).readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.lines().map(String::strip).toList()) {
                if (line.isEmpty() || line.startsWith("#") || line.startsWith("method,"))
                    continue;
                String[] f = line.split(",", -1);
                if (f.length < 3 || f.length > 4)
                    throw new IllegalStateException(EXPECTATIONS + ": want method,path,access[,anyone]: " + line);
                Row row = new Row(f[0].strip(), f[1].strip(), Access.parse(f[2]),
                        f.length == 4 && !f[3].isBlank() ? Integer.valueOf(f[3].strip()) : null);
                if (rows.put(row.key(), row) != null)
                    throw new IllegalStateException(EXPECTATIONS + ": listed twice: " + row.key());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static String abbreviate(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
    }
}
