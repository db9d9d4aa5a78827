package dev.needle.web.cache;

import static dev.needle.web.Api.mlops;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.web.SmallProject;
import dev.needle.web.dashboard.PageSession;

/** What a browser may keep and how text travels, over real HTTP: pages, API answers and static files. */
@QuarkusTest
class CacheHeadersTest {

    private static final Pattern ASSET = Pattern.compile("(?:href|src)=\"(/(?:css|js|_static|webjars)/[^\"?]+)\\?v=([^\"]+)\"");

    @Inject
    DatasetRegistry registry;
    @TestHTTPResource("/")
    URI root;

    @Test
    void pagesAndApiAnswersAreNeverStored_evenRefusalsAndRedirects() {
        PageSession mlops = PageSession.login("mlops");
        List<Response> answers = List.of(
                mlops.get("/"),
                mlops.get("/projects/{p}", "demo"),
                mlops.get("/projects/{p}", "no-such-project"),
                given().get("/login"),
                given().redirects().follow(false).get("/"),
                mlops().get("/api/projects"),
                mlops().get("/api/projects/{p}", "no-such-project"),
                given().get("/api/projects"));
        for (Response answer : answers)
            assertEquals("no-store", answer.header("Cache-Control"), answer.statusCode() + " " + answer.asString());
    }

    @Test
    void aRouteThatChoosesItsOwnCacheControlKeepsIt() throws IOException {
        SmallProject.create(registry.datasetsRoot(), "cache-thumbs", 4, 1);
        String file;
        try (Stream<Path> pool = Files.list(registry.datasetsRoot().resolve("cache-thumbs-dataset/pool"))) {
            file = "pool/" + pool.sorted().findFirst().orElseThrow().getFileName();
        }
        String cache = PageSession.login("mlops").request()
                .get("/projects/{p}/thumbnails?file={f}", "cache-thumbs", file).then().statusCode(200).extract()
                .header("Cache-Control");
        assertTrue(cache.contains("private") && cache.contains("max-age=3600"), cache);
    }

    @Test
    void staticFilesAreKeptForEverOnTheirVersionedUrlsOnly() {
        Set<String> seen = new LinkedHashSet<>();
        PageSession mlops = PageSession.login("mlops");
        List<String> pages = List.of(given().get("/login").asString(), mlops.get("/projects/{p}", "demo").asString(),
                mlops.get("/projects/{p}/map", "demo").asString());
        List<String> problems = new ArrayList<>();
        for (String page : pages) {
            Matcher m = ASSET.matcher(page);
            while (m.find()) {
                String path = m.group(1);
                if (!seen.add(path))
                    continue;
                Response versioned = given().get(path + "?v=" + m.group(2));
                Response plain = given().get(path);
                Response stale = given().get(path + "?v=0");
                if (versioned.statusCode() != 200 || !"public, max-age=31536000, immutable".equals(
                        versioned.header("Cache-Control")))
                    problems.add(path + " versioned: " + versioned.statusCode() + " " + versioned.header("Cache-Control"));
                for (Response other : List.of(plain, stale))
                    if (other.statusCode() != 200 || !"no-cache".equals(other.header("Cache-Control")))
                        problems.add(path + " unversioned: " + other.statusCode() + " " + other.header("Cache-Control"));
                assertArrayEquals(plain.asByteArray(), versioned.asByteArray(), path);
            }
        }
        assertTrue(seen.containsAll(List.of("/css/needle.css", "/js/session.js", "/_static/htmx.org/dist/htmx.min.js",
                "/webjars/htmx-ext-sse/sse.js", "/_static/echarts/dist/echarts.min.js", "/css/map.css")), seen.toString());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void anUnversionedUrlRevalidatesCheaply() {
        Response first = given().get("/css/needle.css");
        String modified = first.header("Last-Modified");
        assertTrue(modified != null && !modified.isEmpty(), first.headers().toString());
        given().header("If-Modified-Since", modified).get("/css/needle.css").then().statusCode(304);
    }

    @Test
    void textGoesOutCompressedWhenTheClientAsks_andPlainWhenItDoesNot() throws Exception {
        String echarts = url(PageSession.login("mlops").get("/projects/{p}", "demo").asString(),
                "/_static/echarts/dist/echarts.min.js");
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<byte[]> gzipped = client.send(HttpRequest.newBuilder(root.resolve(echarts))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> plain = client.send(HttpRequest.newBuilder(root.resolve(echarts)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, gzipped.statusCode());
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(null));
        assertNull(plain.headers().firstValue("Content-Encoding").filter(e -> !e.equals("identity")).orElse(null));
        byte[] inflated;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            inflated = in.readAllBytes();
        }
        assertArrayEquals(plain.body(), inflated);
        assertTrue(gzipped.body().length < plain.body().length / 2,
                gzipped.body().length + " bytes gzipped of " + plain.body().length);
        System.out.printf("ECharts: %d bytes, %d gzipped%n", plain.body().length, gzipped.body().length);

        String basic = "Basic " + Base64.getEncoder().encodeToString("mlops:mlops".getBytes(StandardCharsets.UTF_8));
        for (String path : List.of("/login", "/css/needle.css", "/api/projects")) {
            HttpResponse<byte[]> text = client.send(HttpRequest.newBuilder(root.resolve(path.substring(1)))
                    .header("Accept-Encoding", "gzip").header("Authorization", basic).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("gzip", text.headers().firstValue("Content-Encoding").orElse(null), path);
        }
    }

    /** The versioned URL a page gives for {@code path}, relative to the root. */
    private static String url(String page, String path) {
        Matcher m = ASSET.matcher(page);
        while (m.find())
            if (m.group(1).equals(path))
                return path.substring(1) + "?v=" + m.group(2);
        throw new AssertionError("the page does not load " + path);
    }
}
