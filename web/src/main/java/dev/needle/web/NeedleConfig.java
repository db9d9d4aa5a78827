package dev.needle.web;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Needle's own settings (storage paths are in {@code needle.storage}, see StorageConfig). */
@ConfigMapping(prefix = "needle")
public interface NeedleConfig {

    enum Role {
        /** Serve the REST API and pages. */
        WEB,
        /** Run Temporal workers: iteration workflows and every activity. */
        WORKER
    }

    /** What this process does; one artifact serves every deployment. Default both. */
    @WithDefault("web,worker")
    Set<Role> roles();

    Temporal temporal();

    Demo demo();

    Labeling labeling();

    LabelStudio labelStudio();

    Api api();

    interface Api {
        /** Largest JSON request body; see {@code problem/JsonSizeLimit}. */
        @WithDefault("16M")
        MemorySize maxJsonSize();
    }

    interface Temporal {
        /**
         * host:port of a Temporal frontend. When unset, Needle starts the Temporal Java test server in-process, whose
         * state lives in memory only.
         */
        Optional<String> target();

        /** Temporal namespace. */
        @WithDefault("default")
        String namespace();

        /**
         * Port of the in-process server (on 127.0.0.1 only) when {@code target} is unset. Unset: Temporal's default
         * 7233, or a free port, with a warning naming it, when 7233 is taken. Set: exactly this port, and start-up
         * fails if it is taken; 0 picks a free port.
         */
        OptionalInt embeddedPort();
    }

    interface Demo {
        /** Create project {@code demo} from the bundled Fashion-MNIST images when the database has no project. */
        @WithDefault("true")
        boolean enabled();
    }

    /** How the embed and predict steps spread over workers; read when an iteration starts and passed in its request. */
    interface Labeling {
        /** Labeling deadline of an iteration that does not set one. */
        @WithDefault("P7D")
        Duration defaultDeadline();

        /** What expiry does when the iteration does not say: EXTEND (once), PROCEED or CANCEL. */
        @WithDefault("PROCEED")
        String deadlinePolicy();

        /** How far the EXTEND policy moves the deadline, when the iteration does not say. */
        @WithDefault("P2D")
        Duration deadlineExtension();

        /** Fractions of the labeling time at which reminders are recorded and sent; each in (0, 1). */
        @WithDefault("0.5,0.9")
        List<Double> reminders();
    }

    interface LabelStudio {
        /**
         * Shared secret Label Studio sends in the {@code X-Needle-Secret} header of its webhook calls (set the header
         * on the webhook in Label Studio). Unset: the webhook refuses every call.
         */
        Optional<String> webhookSecret();
    }
}
