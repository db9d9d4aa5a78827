package dev.needle.web.formats;

import static dev.needle.web.Api.mlops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.security.Routes;

/**
 * Every route that takes multipart/form-data, found in the routing table so a new one cannot escape, gets the bodies
 * a broken client or a hostile one sends: no boundary, an empty or illegal boundary, garbage, a body cut short, a part
 * without headers. Each is a 400 problem+json naming what is wrong (the Content-Type or the body) and the parts to
 * send, never a 500, and nothing is stored. Parts that are missing, misnamed or empty are refused by name.
 */
@QuarkusTest
class MultipartUploadsTest {

    private static final String PROJECT = "multipart-det";
    private static final String COCO = "/api/projects/" + PROJECT + "/imports/predictions/coco";
    private static final String PAGE_UPLOAD = "/annotate/" + PROJECT + "/1/upload";
    private static final String PROBLEM = "application/problem+json";

    @Inject
    DatasetRegistry registry;
    @TestHTTPResource("/")
    URL base;

    /** A malformed body, with the Content-Type it is sent with. */
    record Malformed(String name, String contentType, String body) {
    }

    static final List<Malformed> MALFORMED = List.of(
            new Malformed("no boundary", "multipart/form-data",
                    "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--xyz--\r\n"),
            new Malformed("empty boundary", "multipart/form-data; boundary=", "--\r\n"),
            new Malformed("empty quoted boundary", "multipart/form-data; boundary=\"\"", "--\r\n"),
            new Malformed("boundary of illegal characters", "multipart/form-data; boundary=<x>", "--<x>--\r\n"),
            new Malformed("boundary over 70 characters", "multipart/form-data; boundary=" + "b".repeat(71), "--\r\n"),
            new Malformed("garbage", "multipart/form-data; boundary=xyz", "garbage without any boundary"),
            new Malformed("empty body", "multipart/form-data; boundary=xyz", ""),
            new Malformed("cut short", "multipart/form-data; boundary=xyz",
                    "--xyz\r\nContent-Disposition: form-data; name=\"results\"; filename=\"r.json\"\r\n\r\n[{\"image_id\""),
            new Malformed("part without headers", "multipart/form-data; boundary=xyz",
                    "--xyz\r\nthis is no header\r\n\r\n[]\r\n--xyz--\r\n"));

    @BeforeEach
    void project() throws IOException {
        if (mlops().get("/api/projects/{p}", PROJECT).statusCode() == 200)
            return;
        DetectionPool.images(registry.datasetsRoot().resolve(PROJECT + "-images"), 4);
        mlops().body(Map.of("slug", PROJECT, "classes", DetectionPool.CLASSES, "taskType", "object-detection"))
                .post("/api/projects").then().statusCode(201);
        mlops().body(Map.of("name", "v1", "folder", PROJECT + "-images")).post("/api/projects/{p}/datasets", PROJECT)
                .then().statusCode(201);
    }

    /** The multipart routes this test covers; a new one fails here until its cases are added. */
    @Test
    void everyMultipartRouteIsCovered() {
        List<String> multipart = new ArrayList<>();
        for (Routes.Route route : Routes.ofRunningApplication())
            if (route.consumes().stream().anyMatch(t -> t.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE)))
                multipart.add(route.method() + " " + route.path());
        assertEquals(List.of("POST /annotate/{project}/{round}/upload",
                "POST /api/projects/{project}/imports/predictions/coco"), multipart.stream().sorted().toList());
    }

    @Test
    void malformedBodiesOnTheCocoImportAre400sNamingWhatIsWrong_andStoreNothing() throws Exception {
        for (Malformed m : MALFORMED) {
            HttpResponse<String> r = post(COCO, m, "Basic " + basic("mlops"), null);
            JsonPath problem = assertProblem(m, r);
            assertTrue(problem.getString("reason").contains("results, images"), m.name() + ": " + r.body());
        }
        assertEquals(0, imports());
    }

    @Test
    void malformedBodiesOnTheLabelUploadPageAre400s() throws Exception {
        String session = io.restassured.RestAssured.given().redirects().follow(false)
                .contentType(io.restassured.http.ContentType.URLENC).formParam("j_username", "annotator")
                .formParam("j_password", "annotator").post("/j_security_check").then().statusCode(302).extract()
                .cookie("needle-session");
        String cookies = "needle-session=" + session;
        for (Malformed m : MALFORMED) {
            HttpResponse<String> r = post(PAGE_UPLOAD, m, null, cookies);
            JsonPath problem = assertProblem(m, r);
            assertTrue(problem.getString("reason").contains("format, file"), m.name() + ": " + r.body());
        }
    }

    /** The role check comes first: a stranger learns nothing about the body. */
    @Test
    void anAnonymousMalformedUploadIsUnauthorizedFirst() throws Exception {
        for (Malformed m : MALFORMED)
            assertEquals(401, post(COCO, m, null, null).statusCode(), m.name());
    }

    @Test
    void missingMisnamedOrEmptyPartsAreRefusedByName() {
        byte[] json = "[]".getBytes(StandardCharsets.UTF_8);
        mlops().contentType(MediaType.MULTIPART_FORM_DATA).multiPart("images", "i.json", json, "application/json")
                .post(COCO).then().statusCode(400).contentType(PROBLEM).body("field", org.hamcrest.Matchers.equalTo("results"));
        mlops().contentType(MediaType.MULTIPART_FORM_DATA).multiPart("result", "r.json", json, "application/json")
                .multiPart("images", "i.json", json, "application/json").post(COCO).then().statusCode(400)
                .contentType(PROBLEM).body("field", org.hamcrest.Matchers.equalTo("results"));
        mlops().contentType(MediaType.MULTIPART_FORM_DATA).multiPart("results", "r.json", json, "application/json")
                .post(COCO).then().statusCode(400).contentType(PROBLEM).body("field", org.hamcrest.Matchers.equalTo("images"));
        mlops().contentType(MediaType.MULTIPART_FORM_DATA).multiPart("results", "r.json", new byte[0], "application/json")
                .multiPart("images", "i.json", json, "application/json").post(COCO).then().statusCode(400)
                .contentType(PROBLEM).body("field", org.hamcrest.Matchers.equalTo("results"))
                .body("reason", org.hamcrest.Matchers.startsWith("is empty"));
        mlops().contentType(MediaType.MULTIPART_FORM_DATA).multiPart("results", "r.json", json, "application/json")
                .multiPart("images", "i.json", new byte[0], "application/json").post(COCO).then().statusCode(400)
                .contentType(PROBLEM).body("field", org.hamcrest.Matchers.equalTo("images"));
        assertEquals(0, imports());
    }

    private static JsonPath assertProblem(Malformed m, HttpResponse<String> r) {
        assertEquals(400, r.statusCode(), m.name() + ": " + r.body());
        assertEquals(PROBLEM, r.headers().firstValue("Content-Type").orElse(""), m.name());
        JsonPath problem = new JsonPath(r.body());
        assertNotNull(problem.getString("field"), m.name() + ": " + r.body());
        assertTrue(List.of("Content-Type", "body").contains(problem.getString("field")), m.name() + ": " + r.body());
        return problem;
    }

    private static int imports() {
        return mlops().get("/api/projects/{p}/imports", PROJECT).then().statusCode(200).extract().jsonPath()
                .getList("$").size();
    }

    /** Raw bytes as sent: a client library would repair the body or refuse to send it. */
    private HttpResponse<String> post(String path, Malformed m, String authorization, String cookies) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("Content-Type", m.contentType())
                .POST(HttpRequest.BodyPublishers.ofString(m.body(), StandardCharsets.ISO_8859_1));
        if (authorization != null)
            request.header("Authorization", authorization);
        if (cookies != null)
            request.header("Cookie", cookies);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user) {
        return Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }
}
