package dev.needle.web.assignment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import dev.needle.web.security.IdentityConfig;

/**
 * One directory per run, from the identity provider chosen at start ({@code needle.identity.provider}): the same
 * artifact runs with built-in users on a laptop and with Keycloak in production, so this is a run-time choice. The
 * Keycloak directory is only created when chosen, so the embedded default never builds an admin client.
 */
@ApplicationScoped
public class AnnotatorDirectories {

    @Produces
    @ApplicationScoped
    AnnotatorDirectory directory(IdentityConfig identity, Instance<BuiltInAnnotators> builtIn,
            Instance<KeycloakAnnotators> keycloak) {
        return identity.builtIn() ? builtIn.get() : keycloak.get();
    }
}
