package dev.needle.web.trainer;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A project's trainer.
 *
 * @param trainer BUILTIN, WEBHOOK or KUBERNETES
 * @param url where a WEBHOOK trainer receives manifests (http or https, at most 2000 characters); null falls back to
 *        {@code needle.trainer.webhook-url}
 */
public record TrainerSetting(
        @NotBlank(message = "is required: BUILTIN, WEBHOOK or KUBERNETES") @Size(max = 16) String trainer,
        @Size(max = 2000) String url) {
}
