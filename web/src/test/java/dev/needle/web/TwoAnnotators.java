package dev.needle.web;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A second built-in annotator, so a batch can be split; other tests keep the one the application ships with. */
public class TwoAnnotators implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "needle.identity.users.annotator2.password", "annotator2",
                "needle.identity.users.annotator2.roles", "annotator");
    }
}
