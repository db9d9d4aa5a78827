package dev.needle.web.dashboard;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.quarkus.security.identity.SecurityIdentity;

import dev.needle.web.security.IdentityConfig;
import dev.needle.web.security.Roles;

/** The person looking at a page, for templates ({@code inject:viewer}): what the navigation offers them. */
@RequestScoped
@Named("viewer")
public class Viewer {

    @Inject
    SecurityIdentity identity;
    @Inject
    IdentityConfig config;

    public boolean isLoggedIn() {
        return !identity.isAnonymous();
    }

    public String getName() {
        return identity.isAnonymous() ? "" : identity.getPrincipal().getName();
    }

    public boolean isMlops() {
        return identity.hasRole(Roles.MLOPS);
    }

    public boolean isAnnotator() {
        return identity.hasRole(Roles.ANNOTATOR);
    }

    public boolean isManager() {
        return identity.hasRole(Roles.MANAGER);
    }

    /** Built-in users log out with a form POST here; Keycloak's logout path is the same URL, handled by OIDC. */
    public boolean isBuiltIn() {
        return config.builtIn();
    }
}
