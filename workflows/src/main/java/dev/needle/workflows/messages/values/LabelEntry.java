package dev.needle.workflows.messages.values;

/** One label for one image of a batch, the image named by its path relative to the dataset folder. */
public record LabelEntry(String fileName, String label) {
}
