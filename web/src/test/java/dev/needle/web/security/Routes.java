package dev.needle.web.security;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.core.Deployment;
import org.jboss.resteasy.reactive.server.handlers.ClassRoutingHandler;
import org.jboss.resteasy.reactive.server.handlers.MediaTypeMapper;
import org.jboss.resteasy.reactive.server.handlers.RestInitialHandler;
import org.jboss.resteasy.reactive.server.mapping.RequestMapper;
import org.jboss.resteasy.reactive.server.mapping.RuntimeResource;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerRestHandler;

import io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder;
import io.quarkus.security.Authenticated;

/**
 * Every JAX-RS resource method the running application serves, read from Quarkus REST's own routing table (the
 * {@link Deployment} its recorder keeps): the routes that really answer, whatever jar or extension they come from,
 * rather than the classes a scan happens to look at (a Jandex index of the web module would miss a resource from
 * another jar and list one Quarkus does not deploy). The roles come from the method's security annotations, or its
 * class's when the method has none, as Quarkus applies them. The table's types are Quarkus REST internals, public but
 * without a compatibility promise: an upgrade that changes them breaks this test loudly, never silently.
 */
public final class Routes {

    /** What a method declares: roles, {@code permit}, {@code deny}, {@code authenticated}, or nothing ({@code none}). */
    public record Access(String kind, TreeSet<String> roles) {
        static final Access NONE = new Access("none", new TreeSet<>());
        static final Access PERMIT = new Access("permit", new TreeSet<>());
        static final Access DENY = new Access("deny", new TreeSet<>());
        static final Access AUTHENTICATED = new Access("authenticated", new TreeSet<>());
        /** Not a JAX-RS route: the expectation file's word for what Vert.x serves without a login. */
        static final Access OPEN = new Access("open", new TreeSet<>());

        static Access roles(String... roles) {
            return new Access("roles", new TreeSet<>(Arrays.asList(roles)));
        }

        /** As the expectation file writes it: roles separated by a space, or the kind. */
        static Access parse(String text) {
            String t = text.strip();
            return switch (t) {
                case "permit" -> PERMIT;
                case "deny" -> DENY;
                case "authenticated" -> AUTHENTICATED;
                case "none" -> NONE;
                case "open" -> OPEN;
                default -> roles(t.split("\\s+"));
            };
        }

        public boolean allows(String role) {
            return kind.equals("permit") || (kind.equals("authenticated") && role != null)
                    || (role != null && roles.contains(role));
        }

        @Override
        public String toString() {
            return kind.equals("roles") ? String.join(" ", roles) : kind;
        }
    }

    /**
     * One resource method: two methods may share a method and path when they consume different media types.
     * {@code target} is the Java method itself, for tests that read its parameters.
     */
    public record Route(String method, String path, Access access, List<MediaType> consumes, String javaMethod,
            Method target) {

        public String key() {
            return method + "," + path;
        }

        public boolean isApi() {
            return path.startsWith("/api/");
        }
    }

    private Routes() {
    }

    public static List<Route> ofRunningApplication() {
        Deployment deployment = Objects.requireNonNull(ResteasyReactiveRecorder.getCurrentDeployment(),
                "Quarkus REST has no deployment: is the application running?");
        List<Route> routes = new ArrayList<>();
        for (RequestMapper.RequestPath<RestInitialHandler.InitialMatch> classPath : deployment.getClassMappers()) {
            for (ServerRestHandler handler : classPath.value.handlers) {
                if (!(handler instanceof ClassRoutingHandler classRouting))
                    continue;
                classRouting.getMappers().forEach((httpMethod, mapper) -> {
                    for (RequestMapper.RequestPath<RuntimeResource> methodPath : mapper.getTemplates()) {
                        for (RuntimeResource resource : unwrap(methodPath.value)) {
                            ResteasyReactiveResourceInfo info = resource.getLazyMethod();
                            routes.add(new Route(httpMethod == null ? "*" : httpMethod,
                                    join(deployment.getPrefix(), classPath.template.template, methodPath.template.template),
                                    access(info), resource.getConsumes(),
                                    info.getResourceClass().getSimpleName() + "." + info.getName(),
                                    info.getResourceMethod()));
                        }
                    }
                });
            }
        }
        routes.sort(Comparator.comparing(Route::path).thenComparing(Route::method).thenComparing(Route::javaMethod));
        return routes;
    }

    /**
     * Methods that share a path and HTTP method but consume different media types sit behind one synthetic resource
     * whose {@link MediaTypeMapper} picks among them; its table is not public, so it is read by reflection. Should a
     * Quarkus upgrade change it, this fails loudly instead of dropping the routes.
     */
    private static List<RuntimeResource> unwrap(RuntimeResource resource) {
        if (resource.getLazyMethod() != null)
            return List.of(resource);
        Set<RuntimeResource> found = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ServerRestHandler handler : resource.getHandlerChain()) {
            if (!(handler instanceof MediaTypeMapper byMediaType))
                continue;
            try {
                for (Object holder : ((Map<?, ?>) field(byMediaType, "resourcesByConsumes")).values())
                    for (Object inner : ((Map<?, ?>) field(holder, "mtWithoutParamsToResource")).values())
                        found.addAll(unwrap((RuntimeResource) inner));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the methods behind " + resource.getPath().template, e);
            }
        }
        if (found.isEmpty())
            throw new IllegalStateException("no resource method behind " + resource.getPath().template + ": " + resource);
        return List.copyOf(found);
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }

    private static Access access(ResteasyReactiveResourceInfo info) {
        Access onMethod = declared(info.getResourceMethod());
        return onMethod != Access.NONE ? onMethod : declared(info.getResourceClass());
    }

    private static Access declared(AnnotatedElement element) {
        RolesAllowed roles = element.getAnnotation(RolesAllowed.class);
        if (roles != null)
            return Access.roles(roles.value());
        if (element.isAnnotationPresent(PermitAll.class))
            return Access.PERMIT;
        if (element.isAnnotationPresent(DenyAll.class))
            return Access.DENY;
        if (element.isAnnotationPresent(Authenticated.class))
            return Access.AUTHENTICATED;
        return Access.NONE;
    }

    static String join(String... parts) {
        String joined = Arrays.stream(parts).filter(p -> p != null && !p.isEmpty())
                .collect(Collectors.joining("/")).replaceAll("/+", "/");
        if (joined.length() > 1 && joined.endsWith("/"))
            joined = joined.substring(0, joined.length() - 1);
        return joined.startsWith("/") ? joined : "/" + joined;
    }
}
