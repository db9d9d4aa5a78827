package dev.needle.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The built-in users as Quarkus identities. Our own providers rather than Quarkus's embedded realm, because that realm
 * is fixed at build time: one artifact must run with built-in users on a laptop and with Keycloak alone in
 * production, where these providers refuse everyone.
 */
@ApplicationScoped
public class BuiltInUsers {

    @Inject
    IdentityConfig config;

    Uni<SecurityIdentity> identity(String name, char[] password) {
        IdentityConfig.User user = config.builtIn() ? config.users().get(name) : null;
        if (user == null || (password != null && !samePassword(user.password(), password)))
            return Uni.createFrom().failure(new AuthenticationFailedException());
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(name))
                .addRoles(Set.copyOf(user.roles()))
                .build());
    }

    // Constant time: the comparison does not tell how much of a guess was right.
    private static boolean samePassword(String expected, char[] given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                new String(given).getBytes(StandardCharsets.UTF_8));
    }

    /** HTTP basic (the API) and the login form (pages). */
    @ApplicationScoped
    public static class Passwords implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
        @Inject
        BuiltInUsers users;

        @Override
        public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
            return UsernamePasswordAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                AuthenticationRequestContext context) {
            return users.identity(request.getUsername(), request.getPassword().getPassword());
        }
    }

    /**
     * The login form's encrypted session cookie names a user who already gave their password; roles are read again,
     * so a user removed from the configuration loses the session.
     */
    @ApplicationScoped
    public static class Sessions implements IdentityProvider<TrustedAuthenticationRequest> {
        @Inject
        BuiltInUsers users;

        @Override
        public Class<TrustedAuthenticationRequest> getRequestType() {
            return TrustedAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request,
                AuthenticationRequestContext context) {
            return users.identity(request.getPrincipal(), null);
        }
    }
}
