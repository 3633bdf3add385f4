package org.releasegovernance.notifier.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * How deliveries are sent ({@code notifier.delivery.*}).
 *
 * @param pollInterval   how often the sender looks for due deliveries
 * @param batchSize      deliveries claimed per look, sent concurrently
 * @param maxAttempts    failed attempts before a delivery becomes a dead letter
 * @param backoff        wait before retry n (the last value repeats)
 * @param jitter         each wait is randomly shortened or lengthened by up to this fraction
 * @param connectTimeout HTTP connect timeout
 * @param requestTimeout HTTP request timeout, answer included
 * @param disableAfter   a subscription whose every attempt failed for this long is disabled
 * @param maxRetryAfter  the longest wait a receiver's {@code Retry-After} can ask for
 */
@ConfigurationProperties("notifier.delivery")
public record DeliveryProperties(Duration pollInterval, int batchSize, int maxAttempts, List<Duration> backoff,
                                 double jitter, Duration connectTimeout, Duration requestTimeout,
                                 Duration disableAfter, Duration maxRetryAfter) {

    public DeliveryProperties {
        if (backoff == null || backoff.isEmpty()) {
            throw new IllegalArgumentException("notifier.delivery.backoff needs at least one wait");
        }
        if (maxAttempts < 1 || batchSize < 1) {
            throw new IllegalArgumentException("notifier.delivery.max-attempts and batch-size must be at least 1");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("notifier.delivery.jitter must be in [0, 1)");
        }
        backoff = List.copyOf(backoff);
        disableAfter = disableAfter == null ? Duration.ofDays(5) : disableAfter;
        maxRetryAfter = maxRetryAfter == null ? Duration.ofHours(24) : maxRetryAfter;
    }

    /** The configured wait after the given number of failed attempts (at least 1), before jitter. */
    Duration backoffAfter(int failedAttempts) {
        return backoff.get(Math.min(failedAttempts, backoff.size()) - 1);
    }
}
