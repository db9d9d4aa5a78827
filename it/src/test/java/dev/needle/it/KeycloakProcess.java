package dev.needle.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The real Keycloak server ({@code org.keycloak:keycloak-quarkus-dist}, unpacked into {@code target/} by Maven) with
 * Needle's example realm imported, started once per test run and shared by every test class: it takes 25–50 s to
 * start on these machines. It listens on 127.0.0.1 but calls itself {@code localhost}, so the browser sees Keycloak
 * and Needle (at 127.0.0.1) as two sites with separate cookies, as in a deployment.
 */
final class KeycloakProcess {

    static final String REALM = "needle";
    static final String CLIENT = "needle";
    /** The example secret in config/keycloak/needle-realm.json. */
    static final String SECRET = "needle-example-secret-change-me-0123";
    /** Keycloak 26 runs on Java 21 or newer; the build itself runs on 17. */
    private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private static KeycloakProcess shared;

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private KeycloakProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The server shared by this test run, started on first use and stopped when the JVM exits. */
    static synchronized KeycloakProcess shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "stop-keycloak"));
        }
        return shared;
    }

    /** Where Needle finds it: the value of NEEDLE_KEYCLOAK_URL. */
    String url() {
        return "http://localhost:" + port;
    }

    String issuer() {
        return url() + "/realms/" + REALM;
    }

    /** An access token for an example user by the password grant, as a script or CI job gets one. */
    String accessToken(String user, String password) {
        Map<String, String> form = Map.of("grant_type", "password", "client_id", CLIENT, "client_secret", SECRET,
                "username", user, "password", password, "scope", "openid");
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            // By the name Needle was given: the token's issuer follows the host it was asked on.
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(issuer() + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200)
                throw new AssertionError("no token for " + user + ": " + response.statusCode() + " " + response.body());
            JsonNode token = NeedleProcess.JSON.readTree(response.body());
            return token.path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static KeycloakProcess start() {
        Path home = Path.of(required("needle.keycloak.home"));
        Path realm = Path.of(required("needle.keycloak.realm"));
        Path kc = home.resolve("bin/kc.sh");
        if (!Files.isRegularFile(kc))
            throw new IllegalStateException("no Keycloak at " + home + ": Maven unpacks org.keycloak:keycloak-quarkus-dist"
                    + " there in process-test-resources (run ./mvnw verify -pl it)");
        Path java = java21();
        int port = Waiting.freePort();
        int management = Waiting.freePort();
        try {
            // --import-realm skips a realm that already exists, and the realm file is what is under test: a changed
            // file gets a fresh dev database. An unchanged one keeps it, which saves ~30 s of schema creation.
            Path imported = home.resolve("data/import/needle-realm.json");
            if (!Files.isRegularFile(imported) || Files.mismatch(imported, realm) != -1) {
                deleteRecursively(home.resolve("data"));
                Files.createDirectories(imported.getParent());
                Files.copy(realm, imported, StandardCopyOption.REPLACE_EXISTING);
            }
            Path log = home.resolve("keycloak.log");
            List<String> command = new ArrayList<>(List.of(kc.toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--hostname=localhost",
                    "--http-management-port=" + management, "--health-enabled=true", "--import-realm"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().put("JAVA_HOME", java.toString());
            // kc.sh sizes the heap at 70% of the machine's memory; Needle and Chromium run beside it.
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
            // On Java 24+ jboss-threads needs this or Keycloak's worker threads die at start
            // ("to use the thread-local-reset capability on Java 24 or later ..."); kc.sh 26.5.6 does not add it.
            builder.environment().put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
            long started = System.nanoTime();
            Process process = builder.start();
            KeycloakProcess keycloak = new KeycloakProcess(process, port);
            try {
                keycloak.awaitReady(management, log);
            } catch (RuntimeException | Error e) {
                keycloak.stop();
                throw e;
            }
            System.out.printf("Keycloak %s ready in %.1f s (log: %s)%n", home.getFileName(),
                    (System.nanoTime() - started) / 1e9, log);
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(int management, Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI health = URI.create("http://127.0.0.1:" + management + "/health/ready");
        URI realm = URI.create("http://127.0.0.1:" + port + "/realms/" + REALM + "/.well-known/openid-configuration");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive())
                throw new AssertionError("Keycloak exited with " + process.exitValue() + "; see " + log);
            if (status(health) == 200 && status(realm) == 200)
                return;
            Waiting.sleep(500);
        }
        throw new AssertionError("Keycloak was not ready in " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    private int status(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * SIGTERM to the script and the JVM it started (Keycloak stops in ~2 s), then SIGKILL to whatever is left. By
     * process id: other Keycloaks may run on this machine.
     */
    void stop() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(0, process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    /** JAVA_HOME when it is 21 or newer, else Temurin 25 where this project's machines have it. */
    private static Path java21() {
        Optional<Path> fromEnv = Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of)
                .filter(home -> featureVersion(home) >= 21);
        if (fromEnv.isPresent())
            return fromEnv.get();
        if (featureVersion(TEMURIN_25) >= 21)
            return TEMURIN_25;
        throw new IllegalStateException("Keycloak 26 needs Java 21 or newer: JAVA_HOME ("
                + System.getenv("JAVA_HOME") + ") is older or unset and " + TEMURIN_25 + " is missing;"
                + " install a JDK 21+ there or point JAVA_HOME at one");
    }

    /** The feature version in a JDK's {@code release} file, 0 when there is no JDK there. */
    private static int featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java")))
            return 0;
        try (var in = Files.newBufferedReader(release)) {
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
            return Integer.parseInt(version.split("[.+-]")[0]);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder))
            return;
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList())
                Files.delete(path);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null)
            throw new IllegalStateException(property + " is unset: run the Keycloak tests through Maven (it/pom.xml"
                    + " sets it)");
        return value;
    }
}
