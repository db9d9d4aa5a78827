package dev.needle.workflows.messages.values;

import java.util.List;

/**
 * One label for one image of a batch, the image named by its path relative to the dataset folder. A classification
 * label is a class name; a detection label is a list of boxes (empty when the image shows no object) and no class.
 */
public record LabelEntry(String fileName, String label, List<LabeledBox> boxes) {

    public LabelEntry(String fileName, String label) {
        this(fileName, label, null);
    }
}
