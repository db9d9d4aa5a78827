package dev.needle.activities.project;

import java.util.Arrays;

import dev.needle.activities.BadInputException;

/** What a project's model does, in the words Lightly's {@code schema.json} uses. */
public enum TaskType {
    CLASSIFICATION("classification"),
    OBJECT_DETECTION("object-detection");

    private final String key;

    TaskType(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static TaskType parse(String field, String value) {
        return Arrays.stream(values()).filter(t -> t.key.equals(value)).findFirst()
                .orElseThrow(() -> new BadInputException(field, "is " + value + "; one of classification, object-detection"));
    }
}
