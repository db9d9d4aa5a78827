package dev.needle.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code web/target/quarkus-app}) started as a process on embedded defaults, with its own
 * database and artifacts under {@code data} and its datasets root where the evaluation wrote the images.
 */
public final class NeedleServer implements AutoCloseable {

    private final Process process;
    private final URI base;
    private final Path data;

    private NeedleServer(Process process, URI base, Path data) {
        this.process = process;
        this.base = base;
        this.data = data;
    }

    public static NeedleServer start(Path app, Path data, Path datasetsRoot, String heap) {
        if (!Files.isRegularFile(app))
            throw new IllegalStateException("package the web module first: " + app + " is missing");
        int port = freePort();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-Xmx" + heap,
                "-Dquarkus.http.port=" + port,
                "-Dneedle.temporal.embedded-port=0",
                "-Dneedle.storage.artifacts=" + data.resolve("artifacts"),
                "-Dneedle.storage.datasets-root=" + datasetsRoot,
                // A loaded machine (parallel projects, each embedding 70,000 images) can stretch a transaction past
                // the default 60 s; the transaction reaper then interrupts the thread inside H2, whose file channel
                // closes and takes the database with it. H2's async: file system is immune to interrupts, and a longer
                // timeout spares the rollback.
                "-Dquarkus.datasource.jdbc.url=jdbc:h2:async:" + data.resolve("db/needle")
                        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                "-Dquarkus.transaction-manager.default-transaction-timeout=PT30M",
                "-jar", app.toString());
        try {
            Files.createDirectories(data);
            Process process = new ProcessBuilder(command)
                    .directory(data.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("needle.log").toFile()))
                    .start();
            // Ctrl-C on eval/run.sh must not leave a Needle running in the background.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            NeedleServer server = new NeedleServer(process, URI.create("http://127.0.0.1:" + port), data);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI base() {
        return base;
    }

    public Path artifacts() {
        return data.resolve("artifacts");
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive())
                throw new IllegalStateException("Needle exited; see " + data.resolve("needle.log"));
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200)
                    return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            Pause.of(Duration.ofMillis(250));
        }
        close();
        throw new IllegalStateException("Needle was not ready in 180 s; see " + data.resolve("needle.log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
