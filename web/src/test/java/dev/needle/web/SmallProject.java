package dev.needle.web;

import static dev.needle.web.Api.mlops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** A project with a dataset of real demo images, small enough for a test to run several rounds on. */
public final class SmallProject {

    private static final Path DEMO = Path.of("src/main/resources/demo/fashion-mnist");

    private SmallProject() {
    }

    /** Creates it once per test run: {@code pool} pool images and {@code evalPerClass} eval images of each class. */
    public static void create(Path datasetsRoot, String slug, int pool, int evalPerClass) throws IOException {
        if (mlops().get("/api/projects/{p}", slug).statusCode() == 200)
            return;
        Path folder = datasetsRoot.resolve(slug + "-dataset");
        Api.copyImages(DEMO.resolve("pool"), folder.resolve("pool"), pool);
        try (Stream<Path> classes = Files.list(DEMO.resolve("eval"))) {
            for (Path c : classes.toList())
                Api.copyImages(c, folder.resolve("eval").resolve(c.getFileName()), evalPerClass);
        }
        mlops().body(Map.of("slug", slug)).post("/api/projects").then().statusCode(201);
        mlops().body(Map.of("name", "v1", "folder", slug + "-dataset")).post("/api/projects/{p}/datasets", slug)
                .then().statusCode(201);
    }
}
