package dev.needle.web.iteration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class EmbedProgressTest {

    @Test
    void theRateCountsOnlyImagesDoneSinceTheStepStarted_andTheEtaIsWhatIsLeftAtThatRate() {
        // 4,000 images were in shards reused from an earlier run; 6,000 more in 60 s: 100/s, 10,000 left: 100 s.
        assertEquals(new ProgressView(10_000, 20_000, 100.0, 100L),
                EmbedProgress.estimate(10_000, 20_000, 4_000, Duration.ofSeconds(60)));
    }

    @Test
    void noRateBeforeAnythingNewIsDone_andNeverMoreDoneThanTotal() {
        assertEquals(new ProgressView(4_000, 20_000, null, null),
                EmbedProgress.estimate(4_000, 20_000, 4_000, Duration.ofSeconds(30)));
        assertEquals(new ProgressView(50, 100, null, null), EmbedProgress.estimate(50, 100, 0, Duration.ofMillis(500)));
        assertEquals(new ProgressView(100, 100, 1.0, 0L), EmbedProgress.estimate(102, 100, 0, Duration.ofSeconds(100)));
    }
}
