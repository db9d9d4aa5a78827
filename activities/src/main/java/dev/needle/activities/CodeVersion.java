package dev.needle.activities;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, recorded in every selection's lineage. */
public final class CodeVersion {

    private static final String VERSION = load();

    private CodeVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = CodeVersion.class.getResourceAsStream("/needle-version.properties")) {
            if (in == null)
                return "unknown";
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
