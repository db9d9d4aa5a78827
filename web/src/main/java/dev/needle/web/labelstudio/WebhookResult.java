package dev.needle.web.labelstudio;

import java.util.List;

/**
 * What a webhook call did: labels recorded or found unchanged (a replayed event), labels withdrawn, or nothing
 * because the action is not about annotations.
 */
public record WebhookResult(String action, int recorded, int unchanged, List<String> withdrawn, boolean ignored) {
}
