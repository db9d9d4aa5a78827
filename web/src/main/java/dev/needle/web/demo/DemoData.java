package dev.needle.web.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;

import dev.needle.activities.dataset.DatasetRegistry;
import dev.needle.activities.project.Projects;
import dev.needle.web.project.CreateProject;
import dev.needle.web.project.ProjectService;

/**
 * Project {@code demo}: 2,000 Fashion-MNIST test images shipped in the application (1,500 to select from, 500 with
 * known classes to measure accuracy), copied into the datasets root on first start.
 */
@ApplicationScoped
public class DemoData {

    public static final String PROJECT = "demo";
    public static final String DATASET = "fashion-mnist";
    static final String RESOURCE = "demo/fashion-mnist";

    @Inject
    Projects projects;
    @Inject
    ProjectService projectService;
    @Inject
    DatasetRegistry registry;

    /** Creates the demo project when the database has no project at all. */
    public void createIfEmpty() {
        if (!projects.isEmpty())
            return;
        Path folder = registry.datasetsRoot().resolve("demo-" + DATASET);
        copyImages(folder);
        projectService.create(new CreateProject(PROJECT, "Demo: Fashion-MNIST", List.of(), null, null));
        long projectId = projects.require(PROJECT).id;
        registry.register(projectId, DATASET, registry.datasetsRoot().relativize(folder).toString());
        Log.infof("Created project %s from %s", PROJECT, folder);
    }

    /** The true classes of the demo pool, kept aside from labels: tests and demos use them to play the annotator. */
    public static Map<String, String> poolTruth() {
        try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(RESOURCE + "/pool-truth.csv")) {
            if (in == null)
                throw new IllegalStateException("demo data missing from the application");
            return new String(in.readAllBytes()).lines().skip(1).map(line -> line.split(","))
                    .collect(java.util.stream.Collectors.toMap(p -> p[0], p -> p[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies pool/ and eval/ only: the truth file and README are not images and must not become samples. */
    private static void copyImages(Path target) {
        URL url = DemoData.class.getClassLoader().getResource(RESOURCE + "/pool-truth.csv");
        if (url == null)
            throw new IllegalStateException("demo data missing from the application");
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    copyTree(jar.provider().getPath(uri).getParent(), target);
                }
            } else {
                copyTree(Path.of(uri).getParent(), target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the demo images to " + target, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        for (String part : List.of("pool", "eval")) {
            Path from = source.resolve(part);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Path to = target.resolve(source.relativize(file).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
