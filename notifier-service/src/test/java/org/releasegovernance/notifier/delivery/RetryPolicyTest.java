package org.releasegovernance.notifier.delivery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2019-05-03T12:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(new DeliveryProperties(Duration.ofMillis(250), 50, 8,
            List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30)), 0.2,
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofDays(5), Duration.ofHours(1), null, null));

    @Test
    void a2xxDelivers() {
        assertThat(policy.decide(204, null, null, 0, NOW).status()).isEqualTo(DeliveryStatus.DELIVERED);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 410, 413, 422})
    void aClientErrorIsFinal(int status) {
        RetryPolicy.Decision decision = policy.decide(status, null, null, 1, NOW);
        assertThat(decision.status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(decision.reason()).contains("HTTP " + status, "final");
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 409, 429, 500, 502, 503, 301})
    void timeoutsConflictsThrottlingServerErrorsAndRedirectsAreRetried(int status) {
        assertThat(policy.decide(status, null, null, 1, NOW).status()).isEqualTo(DeliveryStatus.PENDING);
    }

    @Test
    void noAnswerIsRetriedAfterTheBackoffWithJitter() {
        for (int i = 0; i < 100; i++) {
            RetryPolicy.Decision second = policy.decide(null, "ConnectException", null, 2, NOW);
            assertThat(second.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(Duration.between(NOW, second.nextAttemptAt()))
                    .isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6));
            assertThat(second.reason()).isEqualTo("ConnectException");
        }
    }

    @Test
    void retryAfterInSecondsOrAsADateIsHonouredUpToTheCap() {
        assertThat(policy.decide(429, null, "120", 1, NOW).nextAttemptAt()).isEqualTo(NOW.plusSeconds(120));
        assertThat(policy.decide(503, null, "Fri, 03 May 2019 12:10:00 GMT", 1, NOW).nextAttemptAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(policy.decide(429, null, "86400", 1, NOW).nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void theLastFailedAttemptMakesADeadLetter() {
        RetryPolicy.Decision decision = policy.decide(500, null, null, 8, NOW);
        assertThat(decision.status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(decision.reason()).isEqualTo("HTTP 500 (dead letter after 8 attempts)");
    }
}
