package dev.needle.web;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A second built-in annotator, so a batch can be split; other tests keep the one the application ships with. */
public class TwoAnnotators implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.security.users.embedded.users.annotator2", "annotator2",
                "quarkus.security.users.embedded.roles.annotator2", "annotator");
    }
}
