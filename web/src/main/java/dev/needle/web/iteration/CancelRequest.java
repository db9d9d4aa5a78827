package dev.needle.web.iteration;

public record CancelRequest(String reason) {
}
