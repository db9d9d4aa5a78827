package dev.needle.web.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;

import dev.needle.workflows.messages.values.Progress;
import dev.needle.workflows.messages.values.ShardCheckpoint;

/** A round's progress is read from its running activities' heartbeats, whatever else an activity heartbeats. */
class HeartbeatProgressTest {

    private static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();

    private static Payloads heartbeat(Object detail) {
        return CONVERTER.toPayloads(detail).orElseThrow();
    }

    @Test
    void givenAShardsCheckpointOrAPlainProgress_theHeartbeatReadsAsItsProgress() {
        assertEquals(Optional.of(new Progress(512, 2_000)), Workflows.progressOf(CONVERTER,
                heartbeat(new ShardCheckpoint(512, 2_000, List.of("artifact-1")))));
        assertEquals(Optional.of(new Progress(30, 100)),
                Workflows.progressOf(CONVERTER, heartbeat(new Progress(30, 100))));
    }

    @Test
    void givenTheKubernetesWatchersJobName_theHeartbeatHasNoProgress() {
        assertEquals(Optional.empty(), Workflows.progressOf(CONVERTER, heartbeat("needle-train-6f1c0a2e")));
    }
}
