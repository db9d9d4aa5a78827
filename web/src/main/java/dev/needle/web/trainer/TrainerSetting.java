package dev.needle.web.trainer;

/**
 * A project's trainer.
 *
 * @param trainer BUILTIN, WEBHOOK or KUBERNETES
 * @param url where a WEBHOOK trainer receives manifests (http or https); null falls back to
 *        {@code needle.trainer.webhook-url}
 */
public record TrainerSetting(String trainer, String url) {
}
