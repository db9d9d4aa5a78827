package dev.needle.web.security;

import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who may log in: the built-in users (embedded default) or Keycloak (the {@code keycloak} profile). */
@ConfigMapping(prefix = "needle.identity")
public interface IdentityConfig {

    enum Provider {
        /** The users listed under {@code needle.identity.users}: local use only. */
        BUILT_IN,
        /** Keycloak through OIDC; the built-in users are refused even if listed. */
        KEYCLOAK
    }

    @WithDefault("built-in")
    Provider provider();

    /** Built-in users by name; read only when {@code provider} is {@code built-in}. */
    Map<String, User> users();

    interface User {
        /** Plain text: these users exist for a laptop, never for a deployment. */
        String password();

        /** Any of {@code mlops}, {@code annotator}, {@code manager}. */
        List<String> roles();
    }

    default boolean builtIn() {
        return provider() == Provider.BUILT_IN;
    }
}
