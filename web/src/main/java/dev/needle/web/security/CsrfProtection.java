package dev.needle.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

import dev.needle.web.problem.ProblemMappers;

/**
 * Double-submit-cookie CSRF protection for the dashboard: a page request gets a random token in a cookie, pages put
 * it in their forms (hidden field) and in htmx's {@value #HEADER} header, and a state-changing page request must bring
 * both, equal. The API is exempt: it authenticates by basic or bearer credentials a browser never adds on its own,
 * never by a cookie. Our own filter rather than quarkus-rest-csrf, which refuses every cookie-less POST, multipart
 * uploads of API clients included, and has no way to leave a path out.
 */
public class CsrfProtection {

    public static final String COOKIE = "needle-csrf";
    public static final String HEADER = "X-CSRF-TOKEN";
    public static final String FIELD = "csrf-token";
    /** Where the request's token is kept for templates ({@link CsrfToken}). */
    static final String TOKEN_KEY = "needle.csrf-token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final SecureRandom RANDOM = new SecureRandom();

    @ServerRequestFilter
    @WithFormRead
    public Response check(ResteasyReactiveContainerRequestContext request, RoutingContext routing) {
        if (routing.normalizedPath().startsWith("/api/"))
            return null;
        Cookie cookie = routing.request().getCookie(COOKIE);
        if (SAFE.contains(request.getMethod())) {
            routing.put(TOKEN_KEY, cookie != null ? cookie.getValue() : newToken(routing));
            return null;
        }
        String given = request.getHeaderString(HEADER);
        if (given == null) {
            Object field = ((ResteasyReactiveRequestContext) request.getServerRequestContext())
                    .getFormParameter(FIELD, true, false);
            given = field == null ? null : field.toString();
        }
        if (cookie == null || given == null || !MessageDigest.isEqual(
                cookie.getValue().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8)))
            return ProblemMappers.respond(400, FIELD, "missing or wrong CSRF token: reload the page and try again");
        routing.put(TOKEN_KEY, cookie.getValue());
        return null;
    }

    private static String newToken(RoutingContext routing) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        // HttpOnly: pages read the token from the page itself, never from the cookie. Secure under https (a proxy's
        // X-Forwarded-Proto counts, see application.properties), as the session cookie is.
        routing.response().addCookie(Cookie.cookie(COOKIE, token).setPath("/").setHttpOnly(true)
                .setSecure(routing.request().isSSL()).setSameSite(CookieSameSite.STRICT));
        return token;
    }
}
