package org.releasegovernance.notifier.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * How deliveries are sent ({@code notifier.delivery.*}).
 *
 * @param pollInterval   how often the sender looks for due deliveries
 * @param batchSize      deliveries claimed per look
 * @param maxAttempts    attempts before a delivery becomes a dead letter
 * @param backoff        wait before retry n (the last value repeats)
 * @param connectTimeout HTTP connect timeout
 * @param requestTimeout HTTP request timeout
 */
@ConfigurationProperties("notifier.delivery")
public record DeliveryProperties(Duration pollInterval, int batchSize, int maxAttempts, List<Duration> backoff,
                                 Duration connectTimeout, Duration requestTimeout) {

    /** The wait after the given number of failed attempts. */
    Duration backoffAfter(int failedAttempts) {
        return backoff.get(Math.min(failedAttempts, backoff.size()) - 1);
    }
}
