package dev.needle.web;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** REST calls as the built-in users make them. */
public final class Api {

    private Api() {
    }

    /** Copies the first {@code count} files of a folder (sorted by name): small datasets made of demo images. */
    public static void copyImages(Path from, Path to, int count) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.sorted().limit(count).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    public static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, user).contentType(ContentType.JSON);
    }

    public static RequestSpecification mlops() {
        return as("mlops");
    }

    public static RequestSpecification annotator() {
        return as("annotator");
    }

    public static RequestSpecification manager() {
        return as("manager");
    }

    public static JsonPath iteration(String project, int round) {
        return mlops().get("/api/projects/{p}/iterations/{r}", project, round).then().statusCode(200).extract().jsonPath();
    }

    /** Polls the iteration until {@code condition} holds; iterations run asynchronously in Temporal. */
    public static JsonPath awaitIteration(String project, int round, Predicate<JsonPath> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonPath state = iteration(project, round);
        while (!condition.test(state)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("iteration " + round + " of " + project + " did not get there: " + state.prettify());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            state = iteration(project, round);
        }
        return state;
    }
}
