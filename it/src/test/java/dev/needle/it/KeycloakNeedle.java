package dev.needle.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The packaged embedded build run as production runs it for identity ({@code quarkus.profile=prod,keycloak}) against
 * the shared Keycloak; one process for every Keycloak test class of the run, as the tests only read or are refused.
 */
final class KeycloakNeedle {

    private static NeedleProcess shared;

    private KeycloakNeedle() {
    }

    static synchronized NeedleProcess shared() {
        if (shared == null) {
            KeycloakProcess keycloak = KeycloakProcess.shared();
            try {
                Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "keycloak-needle-");
                shared = NeedleProcess.start(NeedleProcess.EMBEDDED, data.toAbsolutePath(), Map.of(
                        "quarkus.profile", "prod,keycloak",
                        "NEEDLE_KEYCLOAK_URL", keycloak.url(),
                        "NEEDLE_KEYCLOAK_SECRET", KeycloakProcess.SECRET,
                        "quarkus.datasource.jdbc.url", "jdbc:h2:" + data.toAbsolutePath().resolve("db/needle"),
                        // Keycloak's tokens live 5 minutes (300 s); a longer skew makes every page request after the login
                        // refresh them, so the tests exercise the refresh a real session needs after 5 minutes.
                        "quarkus.oidc.token.refresh-token-time-skew", "310S"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "stop-needle"));
        }
        return shared;
    }
}
