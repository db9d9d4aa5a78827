package dev.needle.web.assignment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import dev.needle.web.security.Roles;

/**
 * The realm's enabled users who hold the realm role {@code annotator}, directly, through a group or a composite role,
 * read with the Keycloak admin client as the {@code needle} client's service account. That account needs only
 * {@code realm-management} {@code view-users} and {@code query-users}: Keycloak's list of a role's members
 * ({@code /roles/annotator/users}) needs {@code view-realm} and would miss members by group, so each user's effective
 * roles are read instead, and the answer is kept for a short while because assigning work asks for it per request.
 */
@ApplicationScoped
@Typed(KeycloakAnnotators.class)
public class KeycloakAnnotators implements AnnotatorDirectory {

    private static final int PAGE = 100;
    private static final Duration FRESH = Duration.ofSeconds(30);

    @Inject
    Keycloak keycloak;

    @ConfigProperty(name = "quarkus.keycloak.admin-client.realm")
    String realm;

    private volatile List<String> annotators;
    private volatile long readAt;

    @Override
    public List<String> annotators() {
        List<String> known = annotators;
        if (known == null || System.nanoTime() - readAt > FRESH.toNanos()) {
            known = read();
            annotators = known;
            readAt = System.nanoTime();
        }
        return known;
    }

    private List<String> read() {
        UsersResource users = keycloak.realm(realm).users();
        List<String> names = new ArrayList<>();
        for (int first = 0;; first += PAGE) {
            List<UserRepresentation> page = users.list(first, PAGE);
            for (UserRepresentation user : page) {
                if (Boolean.TRUE.equals(user.isEnabled()) && isAnnotator(users, user))
                    names.add(user.getUsername());
            }
            if (page.size() < PAGE)
                break;
        }
        names.sort(Comparator.naturalOrder());
        return List.copyOf(names);
    }

    private static boolean isAnnotator(UsersResource users, UserRepresentation user) {
        return users.get(user.getId()).roles().realmLevel().listEffective().stream()
                .map(RoleRepresentation::getName)
                .anyMatch(Roles.ANNOTATOR::equals);
    }
}
