package dev.needle.web.formats;

import static dev.needle.web.Api.mlops;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.activities.imports.UploadLimits;

/**
 * Every import upload has a cap, {@code needle.imports.max-upload-size} (2 MB in tests): a larger upload is a 413 that
 * names the setting, whether its size is declared up front or only found while it streams in, and nothing is stored.
 * An embeddings.csv wider than {@code needle.imports.max-embedding-dimension} (4096) is refused at its header, the
 * million-column one of the hostile pass included, before a row is read.
 */
@QuarkusTest
class UploadLimitsTest {

    private static final String PROJECT = "upload-limits";
    private static final String SETTING = "needle.imports.max-upload-size";

    @Inject
    DatasetRegistry registry;
    @Inject
    UploadLimits limits;
    @TestHTTPResource("/")
    URL base;

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

    @Test
    void anEmbeddingsCsvWiderThanTheLimitIsRefusedAtItsHeader() throws Exception {
        String justOver = header(4097) + "img_0.png," + "0.5,".repeat(4097) + "0\n";
        mlops().contentType("text/csv").body(justOver).post("/api/projects/{p}/imports/embeddings", PROJECT).then()
                .statusCode(400).contentType("application/problem+json").body("field", equalTo("header"))
                .body("reason", containsString("has 4097 embedding columns"))
                .body("reason", containsString("needle.imports.max-embedding-dimension"));
        mlops().contentType("text/csv").body(header(5000)).post("/api/projects/{p}/imports/embeddings", PROJECT).then()
                .statusCode(400).body("field", equalTo("header")).body("reason", containsString("more than 4100 columns"));

        // A million columns (17 MB of header), streamed without a length: refused once the header passes the limit.
        byte[] million = (header(1_000_000) + "img_0.png,1\n").getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> r = chunked("/api/projects/" + PROJECT + "/imports/embeddings", "text/csv",
                () -> new ByteArrayInputStream(million));
        assertEquals(400, r.statusCode(), r.body());
        JsonPath problem = new JsonPath(r.body());
        assertEquals("header", problem.getString("field"));
        assertTrue(problem.getString("reason").contains("4096"), r.body());
        assertEquals(0, imports());
    }

    @Test
    void everyImportUploadOverTheCapIsA413NamingTheSetting() throws Exception {
        long cap = limits.maxBytes();
        byte[] over = new byte[(int) cap + 1];
        // Declared up front: refused before a byte is read.
        mlops().contentType("text/csv").body(over).post("/api/projects/{p}/imports/embeddings", PROJECT).then()
                .statusCode(413).contentType("application/problem+json").body("field", equalTo("body"))
                .body("reason", containsString(SETTING));
        mlops().contentType("application/zip").body(over).post("/api/projects/{p}/imports/predictions/lightly", PROJECT)
                .then().statusCode(413).body("field", equalTo("body")).body("reason", containsString(SETTING));
        mlops().contentType("application/json").body(over).post("/api/projects/{p}/iterations/1/labels/coco", PROJECT)
                .then().statusCode(413).body("field", equalTo("body")).body("reason", containsString(SETTING));
        mlops().contentType("application/json").body(over)
                .post("/api/projects/{p}/iterations/1/labels/label-studio", PROJECT).then().statusCode(413)
                .body("reason", containsString(SETTING));
        io.restassured.RestAssured.given().auth().preemptive().basic("mlops", "mlops")
                .multiPart("results", "r.json", over, "application/json")
                .multiPart("images", "i.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json")
                .post("/api/projects/{p}/imports/predictions/coco", PROJECT).then().statusCode(413)
                .body("field", equalTo("results")).body("reason", containsString(SETTING));

        // Streamed without a length: refused once the limit has been read. An embeddings.csv of blank lines after
        // its header is valid as far as it goes, so only the cap stops it; so is a zip archive of zeros.
        byte[] blankLines = new byte[(int) cap + 100];
        Arrays.fill(blankLines, (byte) '\n');
        byte[] csv = header(2).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(csv, 0, blankLines, 0, csv.length);
        HttpResponse<String> streamed = chunked("/api/projects/" + PROJECT + "/imports/embeddings", "text/csv",
                () -> new ByteArrayInputStream(blankLines));
        assertEquals(413, streamed.statusCode(), streamed.body());
        assertTrue(streamed.body().contains(SETTING), streamed.body());
        HttpResponse<String> zip = chunked("/api/projects/" + PROJECT + "/imports/predictions/lightly",
                "application/zip", () -> new ByteArrayInputStream(over));
        assertEquals(413, zip.statusCode(), zip.body());
        assertEquals(0, imports());
    }

    private static String header(int d) {
        StringBuilder h = new StringBuilder("filenames");
        for (int j = 0; j < d; j++)
            h.append(",embedding_").append(j);
        return h.append(",labels\n").toString();
    }

    private static int imports() {
        return mlops().get("/api/projects/{p}/imports", PROJECT).then().statusCode(200).extract().jsonPath()
                .getList("$").size();
    }

    /** A body of unknown length (chunked), so only the server's count can stop it. */
    private HttpResponse<String> chunked(String path, String type, Supplier<InputStream> body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("Content-Type", type)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("mlops:mlops".getBytes()))
                .POST(HttpRequest.BodyPublishers.ofInputStream(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
