package dev.needle.workflows;

import java.time.Duration;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;

/**
 * The activity options every workflow shares: one retry policy, and the two kinds of activity Needle runs —
 * bookkeeping in the database on {@link TaskQueues#ITERATIONS}, compute on {@link TaskQueues#ML}.
 */
public final class ActivityPolicies {

    /**
     * Transient faults (a worker restarting, the database briefly away) are retried for a few minutes; input that can
     * never succeed fails at once, as a non-retryable {@link Errors} failure.
     */
    public static final RetryOptions RETRY = RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setMaximumInterval(Duration.ofMinutes(1))
            .setMaximumAttempts(10)
            .build();

    /** How long a heartbeating activity may stay silent before its worker counts as lost. */
    public static final Duration HEARTBEAT = Duration.ofMinutes(2);

    private ActivityPolicies() {
    }

    /** Database bookkeeping: quick, so a short timeout. */
    public static ActivityOptions bookkeeping(Duration timeout) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.ITERATIONS)
                .setStartToCloseTimeout(timeout)
                .setRetryOptions(RETRY)
                .build();
    }

    /** Embedding, prediction, scoring, selection and training, on the workers that hold the models. */
    public static ActivityOptions compute(Duration timeout) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.ML)
                .setStartToCloseTimeout(timeout)
                .setRetryOptions(RETRY)
                .build();
    }

    /**
     * {@code options} for long work that heartbeats its progress, so a crashed worker is noticed in minutes rather
     * than at the end of the timeout. Work that does not heartbeat must not get this: the timeout would kill it.
     */
    public static ActivityOptions heartbeating(ActivityOptions options) {
        return ActivityOptions.newBuilder(options).setHeartbeatTimeout(HEARTBEAT).build();
    }

    /** {@code options} with the shared retry policy cut to {@code attempts}. */
    public static ActivityOptions attempts(ActivityOptions options, int attempts) {
        return ActivityOptions.newBuilder(options)
                .setRetryOptions(RetryOptions.newBuilder(RETRY).setMaximumAttempts(attempts).build())
                .build();
    }
}
