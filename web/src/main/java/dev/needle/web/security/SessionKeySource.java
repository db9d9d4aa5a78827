package dev.needle.web.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A key made at start for the login form's encrypted session cookie, when none is configured. Quarkus makes one too,
 * but logs it, and whoever reads that log could forge anyone's session (under Keycloak as well: the form mechanism
 * exists in every build). Same lifetime as Quarkus's own (sessions end with a restart). The lowest ordinal: a key set
 * anywhere else (QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY, for several web replicas or sessions that outlive a restart)
 * wins.
 */
public class SessionKeySource implements ConfigSource {

    static final String KEY = "quarkus.http.auth.session.encryption-key";
    private static final String VALUE = newKey();

    /**
     * None listed, only answered when asked: Quarkus copies the listed values a source has at build time into the
     * artifact, and a key made at build time would be the same in every copy of it.
     */
    @Override
    public Set<String> getPropertyNames() {
        return Set.of();
    }

    @Override
    public String getValue(String propertyName) {
        return KEY.equals(propertyName) ? VALUE : null;
    }

    @Override
    public String getName() {
        return "needle-session-key";
    }

    @Override
    public int getOrdinal() {
        return 1;
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
