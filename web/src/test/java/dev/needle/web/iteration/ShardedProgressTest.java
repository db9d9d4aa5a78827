package dev.needle.web.iteration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.needle.activities.iteration.ShardedRun;
import dev.needle.workflows.messages.values.Progress;

class ShardedProgressTest {

    @Test
    void theRateCountsOnlyImagesDoneSinceTheStepStarted_andTheEtaIsWhatIsLeftAtThatRate() {
        // 4,000 images were in shards reused from an earlier run; 6,000 more in 60 s: 100/s, 10,000 left: 100 s.
        assertEquals(new ProgressView(10_000, 20_000, 100.0, 100L),
                ShardedProgress.estimate(10_000, 20_000, 4_000, Duration.ofSeconds(60)));
    }

    @Test
    void noRateBeforeAnythingNewIsDone_andNeverMoreDoneThanTotal() {
        assertEquals(new ProgressView(4_000, 20_000, null, null),
                ShardedProgress.estimate(4_000, 20_000, 4_000, Duration.ofSeconds(30)));
        assertEquals(new ProgressView(50, 100, null, null), ShardedProgress.estimate(50, 100, 0, Duration.ofMillis(500)));
        assertEquals(new ProgressView(100, 100, 1.0, 0L), ShardedProgress.estimate(102, 100, 0, Duration.ofSeconds(100)));
    }

    @Test
    void doneIsTheRecordedShardsPlusWhatTheRunningShardsReport() {
        // 8,000 in recorded shards (4,000 of them from before a restart), two running shards 1,500 and 500 into theirs.
        ShardedRun run = new ShardedRun(20_000, 4_000, Instant.now().minusSeconds(60), 8_000);
        ProgressView progress = ShardedProgress.of(run, List.of(new Progress(1_500, 2_000), new Progress(500, 2_000)));
        assertEquals(10_000, progress.done());
        assertEquals(20_000, progress.total());
        assertEquals(100.0, progress.perSecond(), 1.0);
    }

    @Test
    void withoutARunTheRunningActivitysHeartbeatIsAllThereIs() {
        assertEquals(new ProgressView(300, 900, null, null), ShardedProgress.of(null, List.of(new Progress(300, 900))));
        assertEquals(null, ShardedProgress.of(null, List.of()));
    }
}
