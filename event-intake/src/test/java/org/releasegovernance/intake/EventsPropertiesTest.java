package org.releasegovernance.intake;

import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A failure to store is retried ever more slowly, up to the cap, and never given up: no event is skipped. */
class EventsPropertiesTest {

    @Test
    void theBackOffDoublesUpToItsCapAndNeverStops() {
        BackOffExecution waits = new EventsProperties.Retry(Duration.ofMillis(500), Duration.ofSeconds(2)).backOff()
                .start();

        assertThat(waits.nextBackOff()).isEqualTo(500);
        assertThat(waits.nextBackOff()).isEqualTo(1_000);
        assertThat(waits.nextBackOff()).isEqualTo(2_000);
        for (int attempt = 0; attempt < 10_000; attempt++) {
            assertThat(waits.nextBackOff()).isEqualTo(2_000);
        }
    }
}
