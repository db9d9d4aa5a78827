package dev.needle.web.security;

import static dev.needle.web.Api.as;
import static dev.needle.web.Api.awaitIteration;
import static dev.needle.web.Api.mlops;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.SmallProject;
import dev.needle.web.TwoAnnotators;
import dev.needle.web.labelstudio.LabelStudioWebhook;
import dev.needle.web.problem.JsonSizeLimit;
import dev.needle.web.security.Routes.Route;

/**
 * Every class of bad input, sent to every route that takes one, as a caller the route lets in, while a round of the
 * project waits for labels. Routes come from Quarkus REST's routing table ({@link Routes}), so a new route is in the
 * suite the moment it exists: a JSON or form route without a valid sample below fails this test until one is added,
 * and its bad variants are generated from that sample (every field of it, nested ones included). Each answer must be
 * the expected 4xx (never a 5xx, never a 2xx), problem+json on the API, naming the field where the bad input is in
 * one; and the project's rows in every table must be exactly as before (a hash of each table's rows of the project).
 */
@QuarkusTest
@TestProfile(TwoAnnotators.class)
class HostileInputTest {

    private static final String PROJECT = "hostile";
    private static final int ROUND = 1;
    private static final String BATCH_FILE = "pool/hostile.png";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ONE_MEGABYTE = "a".repeat(1 << 20);
    /** Over quarkus.http.limits.max-body-size (10 MiB by default). */
    private static final int OVER_ANY_BODY_LIMIT = 11 << 20;
    private static final Pattern CSRF_TOKEN = Pattern.compile("\"X-CSRF-TOKEN\": \"([^\"]+)\"");
    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}");

    /**
     * A valid body for each JSON route (method,path): every bad variant changes one thing in it. A new JSON route needs
     * a line here; the test says which.
     */
    private static final Map<String, String> JSON_SAMPLES = Map.ofEntries(
            Map.entry("POST,/api/projects", """
                    {"slug":"hostile-new","name":"Hostile","classes":["a","b"],"taskType":"classification",
                     "embedder":{"kind":"opencv-descriptor"}}"""),
            Map.entry("POST,/api/projects/{project}/datasets", """
                    {"name":"v2","folder":"hostile-dataset"}"""),
            Map.entry("POST,/api/projects/{project}/iterations", """
                    {"strategy":"RANDOM","batchSize":2,"seed":7,"scorer":"uncertainty_margin","deadline":"PT1H",
                     "deadlinePolicy":"PROCEED","reminders":[0.5],"trainerAttempts":1,
                     "assignment":{"mode":"ROUND_ROBIN","annotators":["annotator"]}}"""),
            Map.entry("POST,/api/projects/{project}/iterations/{round}/labels", """
                    {"labels":[{"fileName":"pool/hostile.png","label":"sneaker"}]}"""),
            Map.entry("POST,/api/projects/{project}/iterations/{round}/cancel", """
                    {"reason":"hostile"}"""),
            Map.entry("POST,/api/projects/{project}/iterations/{round}/labels/coco", """
                    {"images":[{"id":1,"file_name":"pool/hostile.png","width":28,"height":28}],
                     "annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[1.5,1.5,5.5,5.5]}],
                     "categories":[{"id":1,"name":"sneaker"}]}"""),
            Map.entry("POST,/api/projects/{project}/iterations/{round}/labels/label-studio", """
                    [{"id":1,"data":{"image":"/data/pool/hostile.png","file_name":"pool/hostile.png",
                      "needle_project":"hostile","needle_round":1},
                      "annotations":[{"result":[{"type":"choices","value":{"choices":["sneaker"]}}]}]}]"""),
            Map.entry("POST,/api/projects/{project}/assignments/{round}/reassign", """
                    {"files":["pool/hostile.png"],"to":"annotator2"}"""),
            Map.entry("PUT,/api/projects/{project}/budget", """
                    {"amount":12.5,"currency":"EUR","overrunPolicy":"REFUSE"}"""),
            Map.entry("PUT,/api/projects/{project}/budget/costs/{taskType}", """
                    {"cost":0.25}"""),
            Map.entry("POST,/api/projects/{project}/budget/adjustments", """
                    {"amount":2.5,"reason":"hostile"}"""),
            Map.entry("POST,/api/projects/{project}/campaigns", """
                    {"round":{"strategy":"RANDOM","batchSize":2},"stop":{"maxRounds":2,"targetAccuracy":0.9},
                     "continueAsNewEvery":5}"""),
            Map.entry("POST,/api/projects/{project}/campaigns/{id}/pause", """
                    {"reason":"hostile"}"""),
            Map.entry("POST,/api/projects/{project}/campaigns/{id}/resume", """
                    {"reason":"hostile"}"""),
            Map.entry("POST,/api/projects/{project}/campaigns/{id}/stop", """
                    {"reason":"hostile"}"""),
            Map.entry("PUT,/api/projects/{project}/trainer", """
                    {"trainer":"webhook","url":"http://127.0.0.1:9/train"}"""),
            Map.entry("POST,/api/trainer-runs/{run}/complete", """
                    {"modelVersion":"v","metric":0.5,"artifactUri":"file:///hostile"}"""),
            Map.entry("POST,/api/projects/{project}/label-studio/webhook", """
                    {"action":"ANNOTATION_CREATED","task":{"id":1,"data":{"file_name":"pool/hostile.png"}},
                     "annotation":{"id":1,"result":[{"type":"choices","value":{"choices":["sneaker"]}}]}}"""),
            Map.entry("POST,/api/score", """
                    {"task":"classification","predictions":[[0.25,0.75]],"normalize":true}"""),
            Map.entry("POST,/api/select", """
                    {"strategy":"RANDOM","k":1,"seed":3,"embeddings":[[0.5,0.25],[0.75,0.125]]}"""));

    /**
     * Bodies in a third-party tool's format, which carries fields Needle does not read (COCO's info and licenses, Label
     * Studio's many task fields): an unknown field there is the tool's, not a typo of ours. Only the fields Needle
     * reads (listed) get bad values.
     */
    private static final Map<String, Set<String>> THIRD_PARTY_FORMATS = Map.of(
            "POST,/api/projects/{project}/iterations/{round}/labels/coco",
            Set.of("file_name", "width", "height", "image_id", "category_id", "bbox", "name"),
            "POST,/api/projects/{project}/iterations/{round}/labels/label-studio",
            Set.of("file_name", "choices", "needle_project", "needle_round"),
            "POST,/api/projects/{project}/label-studio/webhook", Set.of("file_name", "choices"));

    /** A valid form for each page form route; every bad variant changes one field of it. */
    private static final Map<String, Map<String, String>> FORM_SAMPLES = Map.of(
            "POST,/projects", Map.of("slug", "hostile-page", "name", "Hostile", "classes", "a,b"),
            "POST,/projects/{project}/iterations", Map.of("strategy", "RANDOM", "batchSize", "2", "scorer", "margin",
                    "seed", "1", "deadline", "PT1H", "trainer", "none"),
            "POST,/projects/{project}/iterations/{round}/cancel", Map.of("reason", "hostile"),
            "POST,/annotate/{project}/{round}/labels", Map.of("file", BATCH_FILE, "label", "sneaker", "at", "0"),
            "POST,/manage/{project}/budget", Map.of("amount", "12", "currency", "EUR", "overrunPolicy", "REFUSE"),
            "POST,/manage/{project}/cost", Map.of("taskType", "classification", "cost", "0.5"),
            "POST,/manage/{project}/adjust", Map.of("amount", "2", "reason", "hostile"),
            "POST,/annotate/{project}/{round}/done", Map.of());

    /** Known bad values the hostile pass found accepted, beyond what is generated from the samples. */
    private static final List<Extra> EXTRAS = List.of(
            new Extra("POST,/api/projects/{project}/iterations", "batchSize", "0"),
            new Extra("POST,/api/projects/{project}/iterations", "batchSize", "-1"),
            new Extra("POST,/api/projects/{project}/iterations", "trainerAttempts", "0"),
            new Extra("POST,/api/projects/{project}/iterations", "trainerAttempts", "-1"),
            new Extra("POST,/api/projects/{project}/iterations", "embeddingsImport", "-1"),
            new Extra("POST,/api/projects/{project}/iterations", "embeddingsImport", "1000000000000"),
            new Extra("POST,/api/projects/{project}/iterations", "predictionsImport", "-1"),
            new Extra("POST,/api/projects/{project}/iterations", "deadline", "\"\""),
            new Extra("POST,/api/projects/{project}/iterations", "deadline", "5"),
            new Extra("POST,/api/projects/{project}/datasets", "folder", "\".\""),
            new Extra("POST,/api/projects/{project}/datasets", "folder", "\"\""),
            new Extra("POST,/api/projects/{project}/datasets", "folder", "\"../outside\""),
            new Extra("POST,/api/projects/{project}/datasets", "folder", "\"/etc\""),
            new Extra("POST,/api/projects/{project}/datasets", "name", "\"\""),
            new Extra("POST,/api/projects", "slug", "\"Not A Slug!\""),
            new Extra("PUT,/api/projects/{project}/budget", "amount", "1e30"),
            new Extra("PUT,/api/projects/{project}/budget", "amount", "-5"),
            new Extra("PUT,/api/projects/{project}/budget/costs/{taskType}", "cost", "1e30"),
            new Extra("PUT,/api/projects/{project}/budget/costs/{taskType}", "cost", "-1"),
            new Extra("POST,/api/projects/{project}/budget/adjustments", "amount", "1e30"),
            new Extra("POST,/api/projects/{project}/campaigns", "continueAsNewEvery", "0"));

    /** One named bad value for one field of a JSON route's sample (raw JSON). */
    record Extra(String route, String field, String json) {
    }

    /** One bad request: which class of bad input, the field it is in (if one), and the answers that are right. */
    record Case(String kind, String field, Route route, String path, String contentType, byte[] body,
            Set<Integer> expected) {
    }

    @Inject
    DatasetRegistry registry;
    @Inject
    AgroalDataSource dataSource;
    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private long projectId;
    private long datasetId;
    /** An image of the waiting round's batch: samples name it so a bad value is the only thing wrong. */
    private String batchFile;

    record Session(String cookie, String csrfCookie, String csrfToken) {
    }

    @Test
    void everyBadInputToEveryRouteIsRefusedAsA4xxNamingTheFieldAndChangesNothing() throws Exception {
        givenARoundWaitingForLabels();
        List<String> violations = new ArrayList<>();
        Map<String, Integer> casesPerKind = new TreeMap<>();
        List<Route> routes = new ArrayList<>(Routes.ofRunningApplication());
        // Routes that end a round if they wrongly accept a bad body go last, so one failure does not hide the others.
        routes.sort(Comparator.comparing((Route r) -> r.path().endsWith("/done") || r.path().endsWith("/cancel")));

        Map<String, String> before = snapshot();
        for (Route route : routes) {
            for (Case c : casesOf(route, violations)) {
                casesPerKind.merge(c.kind(), 1, Integer::sum);
                HttpResponse<String> answer = send(c);
                String problem = judge(c, answer);
                if (problem != null)
                    violations.add(c.route().key() + " " + c.route().consumes() + " [" + c.kind()
                            + (c.field() == null ? "" : " " + c.field()) + "]: " + problem + " — " + answer.statusCode()
                            + " " + abbreviate(answer.body()));
            }
            Map<String, String> after = snapshot();
            if (!after.equals(before)) {
                violations.add(route.key() + " " + route.consumes() + ": changed the project's rows in "
                        + changedTables(before, after));
                before = after;
            }
        }
        System.out.println("hostile cases per class: " + casesPerKind + ", total "
                + casesPerKind.values().stream().mapToInt(Integer::intValue).sum());
        if (!violations.isEmpty())
            fail(violations.size() + " bad inputs answered wrongly:\n" + String.join("\n", violations));
    }

    private void givenARoundWaitingForLabels() throws IOException, SQLException {
        SmallProject.create(registry.datasetsRoot(), PROJECT, 12, 1);
        as("manager").body("{\"amount\":100,\"currency\":\"EUR\"}").put("/api/projects/{p}/budget", PROJECT).then()
                .statusCode(200);
        mlops().body("{\"strategy\":\"RANDOM\",\"batchSize\":4}").post("/api/projects/{p}/iterations", PROJECT).then()
                .statusCode(202);
        batchFile = awaitIteration(PROJECT, ROUND, s -> "LABELING".equals(s.getString("step")))
                .getString("batch[0].fileName");
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "SELECT p.id, d.id FROM project p JOIN dataset d ON d.project_id = p.id WHERE p.slug = ?")) {
            q.setString(1, PROJECT);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next(), "no dataset for " + PROJECT);
                projectId = rs.getLong(1);
                datasetId = rs.getLong(2);
            }
        }
    }

    // --- the cases -------------------------------------------------------------------------------------------------

    private List<Case> casesOf(Route route, List<String> violations) throws IOException {
        List<Case> cases = new ArrayList<>(badPathValues(route));
        if (route.method().equals("GET") || route.method().equals("HEAD") || route.method().equals("DELETE")) {
            if (route.key().equals("GET,/api/projects/{project}/iterations/{round}/export/label-studio"))
                for (String root : List.of("javascript:alert(1)", "data:text/html,x", "\u0000"))
                    cases.add(new Case("hostile query value", "imageRoot", route,
                            path(route) + "?imageRoot=" + URLEncoder.encode(root, StandardCharsets.UTF_8), null, null,
                            Set.of(400)));
            return cases;
        }
        String type = mainType(route);
        switch (type) {
            case MediaType.APPLICATION_JSON -> {
                if (!takesABody(route))
                    return cases;
                String sample = withBatchFile(JSON_SAMPLES.get(route.key()));
                if (sample == null) {
                    violations.add(route.key() + ": a JSON route without a sample body; add a valid one to "
                            + "HostileInputTest.JSON_SAMPLES so its bad variants are sent");
                    return cases;
                }
                cases.addAll(jsonCases(route, sample));
            }
            case MediaType.APPLICATION_FORM_URLENCODED -> {
                Map<String, String> form = withBatchFile(FORM_SAMPLES.get(route.key()));
                if (form == null && !route.path().equals("/logout")) {
                    violations.add(route.key() + ": a form route without a sample; add a valid form to "
                            + "HostileInputTest.FORM_SAMPLES so its bad variants are sent");
                    return cases;
                }
                if (form != null)
                    cases.addAll(formCases(route, form));
            }
            case MediaType.MULTIPART_FORM_DATA -> cases.addAll(multipartCases(route));
            case "text/csv" -> cases.addAll(csvCases(route));
            default -> cases.addAll(binaryCases(route, type));
        }
        return cases;
    }

    /** Every path parameter, in turn, set to what names nothing or cannot be a name; the others real. */
    private List<Case> badPathValues(Route route) {
        List<Case> cases = new ArrayList<>();
        Matcher m = PARAM.matcher(route.path());
        while (m.find()) {
            for (String bad : List.of("-1", "99999999999999999999", "%00", "..%2F..", "x".repeat(3000), "%E2%80%AE")) {
                String path = path(route, m.group(1), bad);
                cases.add(new Case("hostile path value", null, route, path,
                        route.method().equals("GET") ? null : mainType(route), minimalBody(route), null));
            }
        }
        return cases;
    }

    private List<Case> jsonCases(Route route, String sampleText) throws IOException {
        JsonNode sample = JSON.readTree(sampleText);
        String compact = JSON.writeValueAsString(sample);
        String path = path(route);
        List<Case> cases = new ArrayList<>();
        cases.add(json(route, path, "malformed JSON", null, "{\"", 400));
        cases.add(json(route, path, "trailing content", null, compact + "xx", 400));
        cases.add(json(route, path, "a second JSON value", null, compact + " " + compact, 400));
        cases.add(json(route, path, "wrong root type", null, sample.isArray() ? "{}" : "[]", 400));
        String nested = "[".repeat(5000) + "]".repeat(5000);
        cases.add(json(route, path, "deep nesting", null,
                sample.isObject() ? "{\"" + sample.fieldNames().next() + "\":" + nested + "}" : nested, 400));
        cases.add(new Case("no Content-Type", null, route, path, null, bytes(compact), Set.of(415)));
        cases.add(new Case("wrong Content-Type", null, route, path, "application/xml", bytes(compact), Set.of(415)));
        cases.add(new Case("body over the size limit", null, route, path, MediaType.APPLICATION_JSON,
                overLimit(compact, jsonLimit() + 1024), Set.of(413)));
        if (sample.isObject()) {
            String first = sample.fieldNames().next();
            String firstValue = JSON.writeValueAsString(sample.get(first));
            cases.add(json(route, path, "duplicate key", first,
                    "{\"" + first + "\":" + firstValue + "," + compact.substring(1), 400));
            if (!THIRD_PARTY_FORMATS.containsKey(route.key()))
                cases.add(json(route, path, "unknown field", "hostileUnknownField",
                        "{\"hostileUnknownField\":1," + compact.substring(1), 400));
        }
        Set<String> read = THIRD_PARTY_FORMATS.get(route.key());
        for (Leaf leaf : leaves(sample, "")) {
            if (read != null && !read.contains(leaf.name()))
                continue;
            JsonNode v = leaf.value();
            if (v.isTextual()) {
                cases.add(json(route, path, "string longer than any column", leaf.name(),
                        replaced(sample, leaf, TextNode.valueOf(ONE_MEGABYTE)), 400, 413));
                cases.add(json(route, path, "NUL in a string", leaf.name(),
                        replaced(sample, leaf, TextNode.valueOf("a\u0000b")), 400));
                cases.add(json(route, path, "object for a string", leaf.name(),
                        replaced(sample, leaf, JSON.createObjectNode()), 400));
            } else if (v.isNumber()) {
                cases.add(json(route, path, "string for a number", leaf.name(),
                        replaced(sample, leaf, TextNode.valueOf(v.asText())), 400));
                if (v.isIntegralNumber()) {
                    cases.add(json(route, path, "fraction for a whole number", leaf.name(),
                            replaced(sample, leaf, JSON.getNodeFactory().numberNode(v.asLong() + 0.5)), 400));
                    cases.add(json(route, path, "whole number too large", leaf.name(),
                            replacedRaw(sample, leaf, "1" + "0".repeat(30)), 400));
                }
            } else if (v.isBoolean()) {
                cases.add(json(route, path, "string for a boolean", leaf.name(),
                        replaced(sample, leaf, TextNode.valueOf(v.asText())), 400));
            }
        }
        for (Extra extra : EXTRAS) {
            if (!extra.route().equals(route.key()))
                continue;
            ObjectNode changed = sample.deepCopy();
            changed.set(extra.field(), JSON.readTree(extra.json()));
            cases.add(json(route, path, "value out of its range", extra.field(), JSON.writeValueAsString(changed), 400));
        }
        return cases;
    }

    private List<Case> formCases(Route route, Map<String, String> sample) {
        List<Case> cases = new ArrayList<>();
        for (String field : new TreeSet<>(sample.keySet())) {
            for (Map.Entry<String, String> bad : Map.of("string longer than any column", ONE_MEGABYTE,
                    "NUL in a string", "a\u0000b").entrySet()) {
                Map<String, String> form = new TreeMap<>(sample);
                form.put(field, bad.getValue());
                cases.add(new Case(bad.getKey() + " (page form)", field, route, path(route),
                        MediaType.APPLICATION_FORM_URLENCODED, bytes(encode(form)), null));
            }
        }
        return cases;
    }

    private List<Case> multipartCases(Route route) {
        String path = path(route);
        String boundary = "hostileBoundary";
        String part = partNames(route).stream().findFirst().orElse("file");
        String type = MediaType.MULTIPART_FORM_DATA + "; boundary=" + boundary;
        Set<Integer> bad = Set.of(400);
        return List.of(
                new Case("malformed multipart", null, route, path, type, bytes("--" + boundary + "\r\ngarbage"), bad),
                new Case("multipart with another boundary", null, route, path,
                        MediaType.MULTIPART_FORM_DATA + "; boundary=other", bytes(multipart(boundary, part, "x")), bad),
                new Case("multipart without its part", part, route, path, type,
                        bytes(multipart(boundary, "notThePart", "{}")), bad),
                new Case("multipart with an empty part", part, route, path, type, bytes(multipart(boundary, part, "")),
                        bad),
                new Case("multipart part is not its format", null, route, path, type,
                        bytes(multipart(boundary, part, "\u0000\u0001garbage")), bad),
                new Case("no Content-Type", null, route, path, null, bytes(multipart(boundary, part, "{}")),
                        Set.of(415)));
    }

    private List<Case> csvCases(Route route) {
        String path = path(route);
        String header = "file_name," + String.join(",", java.util.Collections.nCopies(1_000_000, "c"));
        return List.of(
                new Case("CSV without its header", null, route, path, "text/csv", bytes("nothing,here\n1,2\n"),
                        Set.of(400)),
                new Case("NUL in a CSV cell", null, route, path, "text/csv",
                        bytes("file_name,label\npool/a\u0000.png,Sneaker\n"), Set.of(400)),
                new Case("CSV that is not UTF-8", null, route, path, "text/csv",
                        new byte[] { 'f', (byte) 0xC3, (byte) 0x28, '\n' }, Set.of(400)),
                new Case("CSV with a million columns", null, route, path, "text/csv", bytes(header + "\n"),
                        Set.of(400, 413)),
                new Case("body over the size limit", null, route, path, "text/csv", overLimit('a'), Set.of(413)),
                new Case("no Content-Type", null, route, path, null, bytes("file_name,label\n"), Set.of(415)));
    }

    private List<Case> binaryCases(Route route, String type) {
        String path = path(route);
        // A trainer run's routes check the run before reading the body: with no such run, 404 is their right answer.
        Set<Integer> bad = route.path().contains("{run}") ? Set.of(400, 404) : Set.of(400);
        return List.of(
                new Case("not its format", null, route, path, type, bytes("PK\u0003\u0004garbage"), bad),
                new Case("empty body", null, route, path, type, new byte[0], bad),
                new Case("no Content-Type", null, route, path, null, bytes("garbage"), Set.of(415, 404)));
    }

    // --- sending and judging ---------------------------------------------------------------------------------------

    private HttpResponse<String> send(Case c) throws IOException, InterruptedException {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(base.resolve(c.path().substring(1)));
        } catch (IllegalArgumentException e) {
            throw new AssertionError("cannot build a request for " + c, e);
        }
        byte[] body = c.body();
        String caller = caller(c.route());
        Session session = c.route().isApi() ? null : session(caller);
        // A page form carries its CSRF token as a field; without it every bad form would stop at that check.
        if (session != null && MediaType.APPLICATION_FORM_URLENCODED.equals(c.contentType()))
            body = bytes(new String(body, StandardCharsets.UTF_8) + "&csrf-token=" + session.csrfToken());
        request.method(c.route().method(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (c.contentType() != null)
            request.header("Content-Type", c.contentType());
        if (c.route().isApi()) {
            if (caller != null)
                request.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((caller + ":" + caller).getBytes(StandardCharsets.UTF_8)));
            if (c.route().path().contains("label-studio/webhook"))
                request.header(LabelStudioWebhook.SECRET_HEADER, "test-secret");
        } else {
            request.header("Cookie", "needle-session=" + session.cookie() + "; needle-csrf=" + session.csrfCookie());
            request.header("X-CSRF-TOKEN", session.csrfToken());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What is wrong with the answer, or null. */
    private static String judge(Case c, HttpResponse<String> answer) {
        int status = answer.statusCode();
        if (status >= 500)
            return "a server error";
        // A page answers bad input with its own page (a form error, or a redirect with a message): no 5xx and nothing
        // changed is what every page must hold.
        if (!c.route().isApi())
            return null;
        // A trainer run's routes look the run up first; with no such run, 404 is their right answer to anything.
        if (status == 404 && c.route().path().contains("{run}"))
            return null;
        if (status < 400)
            return "accepted";
        if (c.expected() != null && !c.expected().contains(status))
            return "expected " + c.expected();
        if (status != 404 && status != 405) {
            String type = answer.headers().firstValue("Content-Type").orElse("");
            if (!type.contains("problem+json"))
                return "not problem+json (" + type + ")";
            if (status == 413) {
                // Too large: the answer names the limit to raise (a setting), not a field of the body.
                if (!answer.body().contains("max-"))
                    return "a 413 that does not name the limit";
            } else if (c.field() != null) {
                try {
                    JsonNode problem = JSON.readTree(answer.body());
                    String named = problem.path("field").asText("") + " " + problem.path("detail").asText("");
                    if (!named.contains(c.field()))
                        return "does not name the field " + c.field();
                } catch (IOException e) {
                    return "unreadable problem+json";
                }
            }
        }
        return null;
    }

    /** The most trusted role the route lets in, so the bad input gets past security to the route's own checks. */
    private static String caller(Route route) {
        for (String role : List.of(Roles.MLOPS, Roles.MANAGER, Roles.ANNOTATOR))
            if (route.access().allows(role))
                return role;
        return null;
    }

    private Session session(String user) {
        String key = user == null ? "(anonymous)" : user;
        return sessions.computeIfAbsent(key, u -> {
            String cookie = null;
            if (user != null) {
                Response login = given().redirects().follow(false).formParam("j_username", user)
                        .formParam("j_password", user).post("/j_security_check");
                cookie = Objects.requireNonNull(login.cookie("needle-session"), "no session for " + user);
            }
            Response page = cookie == null ? given().get("/login") : given().cookie("needle-session", cookie).get("/login");
            Matcher token = CSRF_TOKEN.matcher(page.asString());
            assertTrue(token.find(), "no CSRF token in the login page");
            return new Session(cookie == null ? "" : cookie, page.cookie("needle-csrf"), token.group(1));
        });
    }

    // --- the database, before and after ----------------------------------------------------------------------------

    /** Per table, a hash of the project's rows (reached through project, iteration, dataset or sample ids). */
    private Map<String, String> snapshot() throws SQLException {
        Map<String, String> tables = new TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            Map<String, Set<String>> columns = new TreeMap<>();
            try (ResultSet rs = c.getMetaData().getColumns(null, null, "%", null)) {
                while (rs.next()) {
                    String schema = String.valueOf(rs.getString("TABLE_SCHEM")).toLowerCase();
                    if (schema.equals("public"))
                        columns.computeIfAbsent(rs.getString("TABLE_NAME").toLowerCase(), t -> new TreeSet<>())
                                .add(rs.getString("COLUMN_NAME").toLowerCase());
                }
            }
            for (Map.Entry<String, Set<String>> table : columns.entrySet()) {
                String name = table.getKey();
                if (name.startsWith("flyway"))
                    continue;
                String where = ownedBy(name, table.getValue());
                String sql = "SELECT * FROM " + name + (where == null ? "" : " WHERE " + where);
                tables.put(name, hashRows(c, sql, where == null ? 0 : (int) where.chars().filter(ch -> ch == '?').count()));
            }
        }
        return tables;
    }

    private static String ownedBy(String table, Set<String> columns) {
        if (table.equals("project"))
            return "id = ?";
        if (columns.contains("project_id"))
            return "project_id = ?";
        if (columns.contains("iteration_id"))
            return "iteration_id IN (SELECT id FROM iteration WHERE project_id = ?)";
        if (columns.contains("dataset_id"))
            return "dataset_id IN (SELECT id FROM dataset WHERE project_id = ?)";
        if (columns.contains("sample_id"))
            return "sample_id IN (SELECT s.id FROM sample s JOIN dataset d ON s.dataset_id = d.id WHERE d.project_id = ?)";
        return null;
    }

    private String hashRows(Connection c, String sql, int parameters) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 1; i <= parameters; i++)
                q.setLong(i, projectId);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++)
                        row.append(rs.getString(i)).append('\u0001');
                    rows.add(row.toString());
                }
            }
            // Rows of tables no project owns (there are few) are counted, not compared: other tests share them.
            if (parameters == 0)
                return "rows: " + rows.size();
            rows.sort(null);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            rows.forEach(r -> sha.update(r.getBytes(StandardCharsets.UTF_8)));
            return rows.size() + " rows " + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String changedTables(Map<String, String> before, Map<String, String> after) {
        List<String> changed = new ArrayList<>();
        for (String table : after.keySet())
            if (!Objects.equals(before.get(table), after.get(table)))
                changed.add(table + " (" + before.get(table) + " → " + after.get(table) + ")");
        return String.join(", ", changed);
    }

    // --- small helpers ---------------------------------------------------------------------------------------------

    /** A JSON leaf: its place in the sample and the name a problem should give it (the nearest object key). */
    record Leaf(List<Object> at, String name, JsonNode value) {
    }

    private static List<Leaf> leaves(JsonNode node, String name) {
        return leaves(node, name, new ArrayList<>());
    }

    private static List<Leaf> leaves(JsonNode node, String name, List<Object> at) {
        List<Leaf> found = new ArrayList<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                List<Object> next = new ArrayList<>(at);
                next.add(e.getKey());
                found.addAll(leaves(e.getValue(), e.getKey(), next));
            });
        } else if (node.isArray()) {
            // The first element stands for all: each would be refused the same way.
            if (!node.isEmpty()) {
                List<Object> next = new ArrayList<>(at);
                next.add(0);
                found.addAll(leaves(node.get(0), name, next));
            }
        } else {
            found.add(new Leaf(at, name, node));
        }
        return found;
    }

    private static String replaced(JsonNode sample, Leaf leaf, JsonNode value) throws IOException {
        JsonNode copy = sample.deepCopy();
        JsonNode parent = copy;
        for (Object step : leaf.at().subList(0, leaf.at().size() - 1))
            parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
        Object last = leaf.at().get(leaf.at().size() - 1);
        if (last instanceof Integer i)
            ((ArrayNode) parent).set(i, value);
        else
            ((ObjectNode) parent).set((String) last, value);
        return JSON.writeValueAsString(copy);
    }

    /** The sample with one leaf replaced by raw JSON text (a number Jackson's tree would round). */
    private static String replacedRaw(JsonNode sample, Leaf leaf, String raw) throws IOException {
        String marker = "\"hostile-raw-marker\"";
        return replaced(sample, leaf, TextNode.valueOf("hostile-raw-marker")).replace(marker, raw);
    }

    private static Case json(Route route, String path, String kind, String field, String body, Integer... expected) {
        return new Case(kind, field, route, path, MediaType.APPLICATION_JSON, bytes(body), Set.of(expected));
    }

    private String withBatchFile(String sample) {
        return sample == null ? null : sample.replace(BATCH_FILE, batchFile);
    }

    private Map<String, String> withBatchFile(Map<String, String> form) {
        if (form == null)
            return null;
        Map<String, String> real = new TreeMap<>(form);
        real.replaceAll((k, v) -> v.replace(BATCH_FILE, batchFile));
        return real;
    }

    /** The route's valid sample, so a bad path value is the only thing wrong. */
    private byte[] minimalBody(Route route) {
        if (route.method().equals("GET"))
            return null;
        Map<String, String> form = withBatchFile(FORM_SAMPLES.get(route.key()));
        if (form != null)
            return bytes(encode(form));
        return bytes(withBatchFile(JSON_SAMPLES.getOrDefault(route.key(), "{}")));
    }

    private static String mainType(Route route) {
        if (route.consumes().isEmpty())
            return MediaType.APPLICATION_JSON;
        MediaType t = route.consumes().get(0);
        return t.getType() + "/" + t.getSubtype();
    }

    /** Whether the Java method has a body parameter: one without a JAX-RS or Quarkus REST parameter annotation. */
    private static boolean takesABody(Route route) {
        for (Parameter p : route.target().getParameters()) {
            boolean annotated = java.util.Arrays.stream(p.getAnnotations()).anyMatch(a -> {
                String pkg = a.annotationType().getPackageName();
                return pkg.startsWith("jakarta.ws.rs") || pkg.startsWith("org.jboss.resteasy.reactive");
            });
            if (!annotated)
                return true;
        }
        return false;
    }

    private static List<String> partNames(Route route) {
        List<String> names = new ArrayList<>();
        for (Parameter p : route.target().getParameters()) {
            org.jboss.resteasy.reactive.RestForm form = p.getAnnotation(org.jboss.resteasy.reactive.RestForm.class);
            if (form != null)
                names.add(form.value().isEmpty() ? p.getName() : form.value());
        }
        return names;
    }

    private String path(Route route) {
        return path(route, null, null);
    }

    /** The route's path with real values, and {@code bad} in place of parameter {@code badParam}. */
    private String path(Route route, String badParam, String bad) {
        Matcher m = PARAM.matcher(route.path());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = name.equals(badParam) ? bad : switch (name) {
                case "project" -> PROJECT;
                case "round" -> String.valueOf(ROUND);
                case "id" -> route.path().contains("/datasets/{id}") ? String.valueOf(datasetId) : "999999";
                case "run" -> "no-such-run";
                case "taskType" -> "classification";
                case "format" -> "csv";
                case "sample" -> "999999";
                default -> throw new IllegalStateException("no value for {" + name + "} in " + route.path()
                        + ": teach HostileInputTest.path one");
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static String multipart(String boundary, String part, String content) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"" + part
                + ".json\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
    }

    private static String encode(Map<String, String> form) {
        StringBuilder out = new StringBuilder();
        form.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    /**
     * The valid sample behind enough leading whitespace to pass the limit: well-formed JSON that a parser must read
     * to the end, so whether a route reads it whole or as a stream, only its size is wrong.
     */
    private static byte[] overLimit(String sample, long size) {
        byte[] json = bytes(sample);
        byte[] body = new byte[Math.toIntExact(size + json.length)];
        java.util.Arrays.fill(body, (byte) ' ');
        System.arraycopy(json, 0, body, body.length - json.length, json.length);
        return body;
    }

    private static byte[] overLimit(char fill) {
        byte[] body = new byte[OVER_ANY_BODY_LIMIT];
        java.util.Arrays.fill(body, (byte) fill);
        return body;
    }

    private static long jsonLimit() {
        return ConfigProvider.getConfig().getValue(JsonSizeLimit.SETTING, MemorySize.class).asLongValue();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }
}
