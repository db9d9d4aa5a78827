package dev.needle.activities.labeling;

/** A checked label submission as the workflow receives it: the artifact that holds it and how many labels it has. */
public record StoredLabels(String artifact, int count) {
}
