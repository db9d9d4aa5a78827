package dev.needle.activities.deadline;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where labeling-deadline notices go besides the iteration's event list. */
@ConfigMapping(prefix = "needle.notifications")
public interface NotificationConfig {

    /**
     * URL that receives every reminder, extension and expiry of a labeling deadline as a JSON POST (see
     * config/README.md for the body). Unset: notices are only recorded as iteration events.
     */
    Optional<URI> webhookUrl();

    /** How long one POST may take before it counts as failed (it is retried a few times, then given up). */
    @WithDefault("PT10S")
    Duration timeout();
}
