package dev.needle.web.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.qute.TemplateExtension;

/**
 * Versioned URLs of the static files pages load: {@code /css/needle.css?v=} and a hash of the file's bytes, so a
 * browser may keep such a URL for ever (a changed file is a new URL) while the plain URL is revalidated each time
 * ({@link CacheHeaders}). Templates write {@code {asset:url('/css/needle.css')}}; a path that names no file fails the
 * page, so a typo cannot ship.
 */
public final class StaticAssets {

    /** Where static files are served: ours (META-INF/resources) and the libraries' (web-dependency locator). */
    private static final List<String> ROOTS = List.of("/css/", "/js/", "/_static/", "/webjars/");
    /** Library jars by URL root: the locator serves {@code /_static/<lib>/<file>} from {@code <lib>/<version>/<file>}. */
    private static final Map<String, List<String>> LIBRARY_GROUPS = Map.of(
            "/_static/", List.of("org.mvnpm"),
            "/webjars/", List.of("org.webjars.npm", "org.webjars"));
    private static final Map<String, String> VERSIONS = new ConcurrentHashMap<>();

    private StaticAssets() {
    }

    @TemplateExtension(namespace = "asset")
    static String url(String path) {
        return path + "?v=" + VERSIONS.computeIfAbsent(path, StaticAssets::hash);
    }

    /** Whether {@code path} is under a root static files are served from. */
    public static boolean isStatic(String path) {
        return ROOTS.stream().anyMatch(path::startsWith);
    }

    /** Whether {@code version} is the version {@link #url} gives {@code path}: only then is the answer for ever. */
    static boolean isCurrent(String path, String version) {
        return version != null && version.equals(VERSIONS.get(path));
    }

    private static String hash(String path) {
        String resource = resource(path);
        try (InputStream in = resource == null ? null : loader().getResourceAsStream(resource)) {
            if (in == null)
                throw new IllegalArgumentException("no static file at " + path);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0;)
                digest.update(buffer, 0, n);
            return HexFormat.of().formatHex(digest.digest(), 0, 6);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class-path name of the file served at {@code path}, or {@code null}. */
    static String resource(String path) {
        String own = "META-INF/resources" + path;
        if (loader().getResource(own) != null)
            return own;
        for (Map.Entry<String, List<String>> root : LIBRARY_GROUPS.entrySet()) {
            if (!path.startsWith(root.getKey()))
                continue;
            String rest = path.substring(root.getKey().length());
            int slash = rest.indexOf('/');
            if (slash <= 0)
                return null;
            String library = rest.substring(0, slash);
            for (String group : root.getValue()) {
                String version = version(group, library);
                if (version != null)
                    return "META-INF/resources" + root.getKey() + library + "/" + version + rest.substring(slash);
            }
        }
        return null;
    }

    private static String version(String group, String artifact) {
        try (InputStream in = loader().getResourceAsStream("META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in == null)
                return null;
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClassLoader loader() {
        return StaticAssets.class.getClassLoader();
    }
}
