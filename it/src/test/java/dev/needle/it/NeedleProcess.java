package dev.needle.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

import dev.needle.workflows.history.Histories;

/**
 * The packaged application ({@code web/target/quarkus-app}) run as a real process, as a user runs it, with its data
 * in a folder of the test's choosing so a second process can start on the same data.
 */
final class NeedleProcess implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The embedded-defaults build (H2) and the production build (PostgreSQL) of the same code. */
    static final Path EMBEDDED = app("quarkus-app");
    static final Path POSTGRES = app("quarkus-app-postgres");

    private static final java.util.concurrent.atomic.AtomicInteger STARTED = new java.util.concurrent.atomic.AtomicInteger();

    private final Process process;
    private final int port;
    private final int temporalPort;
    /** Names this process's recorded histories: the test class that started it and the how-manieth start. */
    private final String source;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private NeedleProcess(Process process, int port, int temporalPort, String source) {
        this.process = process;
        this.port = port;
        this.temporalPort = temporalPort;
        this.source = source;
    }

    /** Starts the embedded build on {@code data}, its H2 database included, and waits until it is ready. */
    static NeedleProcess embedded(Path data) {
        return embedded(data, Map.of());
    }

    /** The embedded build with extra system properties, e.g. where its Kubernetes trainer finds an API server. */
    static NeedleProcess embedded(Path data, Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("quarkus.datasource.jdbc.url",
                "jdbc:h2:async:" + data.resolve("db/needle") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        return start(EMBEDDED, data, all);
    }

    /** Starts a build of Needle on {@code data} with extra system properties and waits until it is ready. */
    static NeedleProcess start(Path app, Path data, Map<String, String> properties) {
        if (!Files.isRegularFile(app))
            throw new IllegalStateException("package the web module first: " + app);
        int port = Waiting.freePort();
        int temporalPort = Waiting.freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-Xmx2g",
                "-Dquarkus.http.port=" + port,
                "-Dneedle.temporal.embedded-port=" + temporalPort,
                "-Dneedle.storage.artifacts=" + data.resolve("artifacts"),
                "-Dneedle.storage.datasets-root=" + data.resolve("datasets")));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", app.toString()));
        try {
            Files.createDirectories(data);
            Process process = new ProcessBuilder(command)
                    .directory(data.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("needle.log").toFile()))
                    .start();
            String test = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                    .walk(frames -> frames.map(f -> f.getDeclaringClass().getSimpleName())
                            .filter(name -> name.endsWith("Test")).findFirst().orElse("it"));
            NeedleProcess needle = new NeedleProcess(process, port, temporalPort, test + "-" + STARTED.incrementAndGet());
            needle.awaitReady(data);
            return needle;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Path data) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive())
                throw new AssertionError("Needle exited; see " + data.resolve("needle.log"));
            try {
                HttpResponse<String> ready = http.send(
                        HttpRequest.newBuilder(uri("/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200)
                    return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            Waiting.sleep(200);
        }
        throw new AssertionError("Needle was not ready in 120 s; see " + data.resolve("needle.log"));
    }

    JsonNode get(String user, String path) {
        return send(user, HttpRequest.newBuilder(uri(path)).GET(), 200);
    }

    JsonNode post(String user, String path, String contentType, String body, int expectedStatus) {
        return send(user, HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), expectedStatus);
    }

    JsonNode postJson(String user, String path, Object body, int expectedStatus) {
        try {
            return post(user, path, "application/json", JSON.writeValueAsString(body), expectedStatus);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode putJson(String user, String path, Object body, int expectedStatus) {
        try {
            return send(user, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), expectedStatus);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode awaitIteration(String project, int round, Predicate<JsonNode> condition) {
        return awaitIteration(project, round, condition, Duration.ofSeconds(120));
    }

    JsonNode awaitIteration(String project, int round, Predicate<JsonNode> condition, Duration patience) {
        return await("/api/projects/" + project + "/iterations/" + round, condition, patience);
    }

    /** Polls a resource as ML-ops until it satisfies the condition, failing with its last state past the patience. */
    JsonNode await(String path, Predicate<JsonNode> condition, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        JsonNode state = get("mlops", path);
        while (!condition.test(state)) {
            if (System.nanoTime() > deadline)
                throw new AssertionError(path + " never got there: " + state);
            Waiting.sleep(200);
            state = get("mlops", path);
        }
        return state;
    }

    /** Stops the process the way an operator or a crash does: no chance to finish anything. */
    void kill() {
        keepHistories();
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive())
            keepHistories();
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS))
                kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * With {@code -Dneedle.histories.record=DIR}, keeps the histories of every workflow the embedded Temporal server
     * holds, for the replay tests in {@code workflows/}; it forgets them when the process ends.
     */
    private void keepHistories() {
        if (!Histories.recording() || !process.isAlive())
            return;
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + temporalPort).build());
        try {
            Histories.keep(service, "default", source, Set.of("IterationWorkflow", "CampaignWorkflow"));
        } finally {
            service.shutdownNow();
        }
    }

    private JsonNode send(String user, HttpRequest.Builder request, int expectedStatus) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(
                    request.header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new AssertionError("expected " + expectedStatus + " but got " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Any request with the caller's own Authorization header (or none), for tests of who gets in. */
    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Where a browser finds it: 127.0.0.1, a different site from Keycloak's localhost. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Path app(String folder) {
        return Path.of("../web/target", folder, "quarkus-run.jar").toAbsolutePath().normalize();
    }

    static Map<String, String> demoTruth() {
        try {
            Map<String, String> truth = new HashMap<>();
            Files.readAllLines(Path.of("../web/src/main/resources/demo/fashion-mnist/pool-truth.csv")).stream().skip(1)
                    .map(line -> line.split(",")).forEach(p -> truth.put(p[0], p[1]));
            return truth;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
