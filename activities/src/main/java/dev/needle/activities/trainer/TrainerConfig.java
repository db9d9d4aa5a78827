package dev.needle.activities.trainer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** External trainers: where they are, how long Needle waits for them, and how they find their way back. */
@ConfigMapping(prefix = "needle.trainer")
public interface TrainerConfig {

    /** Trainer of a project that has not chosen one: BUILTIN, WEBHOOK or KUBERNETES. */
    @WithDefault("BUILTIN")
    String kind();

    /**
     * Base URL under which trainers reach Needle's API ({@code <base>/api/trainer-runs/<run>/complete}); the web
     * tier's address as seen from the trainer, e.g. a Kubernetes Service URL. Unset: {@code http://localhost:<port>}
     * of this process, which only a trainer on the same machine can reach.
     */
    Optional<URI> callbackUrl();

    /** Trainer URL of WEBHOOK projects that have not set their own. */
    Optional<URI> webhookUrl();

    /** How long one attempt of an external trainer may take before it counts as lost. */
    @WithDefault("PT6H")
    Duration timeout();

    /** Attempts an external trainer gets before the iteration fails (a user can then retry the retrain step). */
    @WithDefault("2")
    int attempts();

    /**
     * Largest ONNX network a trainer may upload to its run; a larger upload is refused (413) while it streams in. A
     * size with a unit, e.g. {@code 512M} or {@code 2G}.
     */
    @WithDefault("1G")
    MemorySize maxModelSize();

    Kubernetes kubernetes();

    interface Kubernetes {
        /** API server URL; unset: in-cluster service account or ~/.kube/config, as kubectl finds them. */
        Optional<String> masterUrl();

        /** Namespace the training Jobs (and their token Secrets) are created in. */
        @WithDefault("default")
        String namespace();

        /** YAML file of the Job to create (see k8s/trainer-job.yaml); required by the KUBERNETES trainer. */
        Optional<Path> jobTemplate();

        /** How often the watcher heartbeats while it waits for the Job; also bounds each watch. */
        @WithDefault("PT10S")
        Duration pollInterval();
    }
}
