package dev.needle.web.assignment;

import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.arc.DefaultBean;

import dev.needle.web.security.Roles;

/** The built-in users whose roles include {@code annotator} (quarkus.security.users.embedded.roles.*). */
@ApplicationScoped
@DefaultBean
public class BuiltInAnnotators implements AnnotatorDirectory {

    private static final String PREFIX = "quarkus.security.users.embedded.roles.";

    @Override
    public List<String> annotators() {
        Config config = ConfigProvider.getConfig();
        return StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .filter(name -> name.startsWith(PREFIX))
                .filter(name -> Arrays.stream(config.getValue(name, String.class).split(","))
                        .map(String::strip).anyMatch(Roles.ANNOTATOR::equals))
                .map(name -> name.substring(PREFIX.length()))
                .sorted()
                .toList();
    }
}
