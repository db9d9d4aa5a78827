package dev.needle.workflows.messages.commands;

public record CancelIteration(String by, String reason) {
}
