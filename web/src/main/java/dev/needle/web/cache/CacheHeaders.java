package dev.needle.web.cache;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * What a browser or proxy may keep. Pages and API answers: nothing ({@code no-store}), so Back after a logout shows
 * no one's data and no shared cache holds a copy; a route that sets its own Cache-Control keeps it (thumbnails are
 * private to the viewer). Static files: for ever on their versioned URL ({@link StaticAssets}), revalidated on any
 * other (Quarkus alone marked every static file immutable for a day, unversioned URLs included).
 */
@Singleton
public class CacheHeaders {

    static final String NO_STORE = "no-store";
    static final String FOR_EVER = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    /** Before authentication (200), so a login redirect or a 401 is covered too. */
    private static final int PRIORITY = 2_000;
    private static final String DECIDED = CacheHeaders.class.getName();

    void register(@Observes Filters filters) {
        filters.register(CacheHeaders::decide, PRIORITY);
    }

    private static void decide(RoutingContext routing) {
        // Decided on the URL the browser asked for: the web-dependency locator reroutes a library's file to its
        // versioned path, which runs the filters again without the query and without the headers-end handlers.
        String policy = routing.get(DECIDED);
        if (policy == null) {
            String path = routing.normalizedPath();
            policy = !StaticAssets.isStatic(path) ? NO_STORE
                    : StaticAssets.isCurrent(path, routing.request().getParam("v")) ? FOR_EVER : REVALIDATE;
            routing.put(DECIDED, policy);
        }
        String decided = policy;
        routing.addHeadersEndHandler(ignored -> {
            MultiMap headers = routing.response().headers();
            // Quarkus marks every static file immutable; only a versioned URL may be.
            if (decided != NO_STORE)
                headers.set(HttpHeaders.CACHE_CONTROL, decided);
            else if (!headers.contains(HttpHeaders.CACHE_CONTROL))
                headers.set(HttpHeaders.CACHE_CONTROL, NO_STORE);
        });
        routing.next();
    }
}
