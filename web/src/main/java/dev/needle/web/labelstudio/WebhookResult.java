package dev.needle.web.labelstudio;

import java.util.List;

/**
 * What a webhook call did: labels recorded or found unchanged (a replayed event), labels withdrawn, or nothing
 * because the action is not about annotations; and how many images of the batch have a label now (null when the
 * call did not reach a round).
 */
public record WebhookResult(String action, int recorded, int unchanged, List<String> withdrawn, boolean ignored,
        Integer labeledInBatch) {
}
