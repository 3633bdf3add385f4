package org.releasegovernance.console.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseHistoryControllerTest {

    @Test
    void thePickersValueIsAUtcInstantToTheMillisecond() {
        assertThat(ReleaseHistoryController.asOf("2019-02-14T17:00:00.599"))
                .contains(Instant.parse("2019-02-14T17:00:00.599Z"));
        assertThat(ReleaseHistoryController.asOf("2019-02-14T17:00")).contains(Instant.parse("2019-02-14T17:00:00Z"));
        assertThat(ReleaseHistoryController.asOf("2019-02-14T17:00:00.5999"))
                .contains(Instant.parse("2019-02-14T17:00:00.599Z"));
    }

    @Test
    void aValueThatIsNoDateAndTimeIsRefused() {
        assertThat(ReleaseHistoryController.asOf("garbage")).isEmpty();
        assertThat(ReleaseHistoryController.asOf("2019-02-14T17:00:00Z")).isEmpty();
    }
}
