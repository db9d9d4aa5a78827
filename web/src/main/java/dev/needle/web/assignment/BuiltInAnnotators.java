package dev.needle.web.assignment;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import dev.needle.web.security.IdentityConfig;
import dev.needle.web.security.Roles;

/** The built-in users whose roles include {@code annotator} (needle.identity.users.*.roles). */
@ApplicationScoped
@Typed(BuiltInAnnotators.class)
public class BuiltInAnnotators implements AnnotatorDirectory {

    @Inject
    IdentityConfig identity;

    @Override
    public List<String> annotators() {
        return identity.users().entrySet().stream()
                .filter(user -> user.getValue().roles().contains(Roles.ANNOTATOR))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }
}
