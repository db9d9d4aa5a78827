package dev.needle.workflows.messages.values;

/**
 * One object of a detection label: its class and its box in pixels, top-left corner plus size (as COCO and Lightly
 * give boxes).
 */
public record LabeledBox(String category, double x, double y, double width, double height) {
}
