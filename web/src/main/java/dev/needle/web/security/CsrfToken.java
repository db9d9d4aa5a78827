package dev.needle.web.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.vertx.ext.web.RoutingContext;

/** The page's CSRF token for templates: {@code {inject:csrf.token}} and {@code {inject:csrf.parameterName}}. */
@RequestScoped
@Named("csrf")
public class CsrfToken {

    @Inject
    RoutingContext routing;

    public String getToken() {
        String token = routing.get(CsrfProtection.TOKEN_KEY);
        return token == null ? "" : token;
    }

    public String getParameterName() {
        return CsrfProtection.FIELD;
    }

    public String getHeaderName() {
        return CsrfProtection.HEADER;
    }
}
