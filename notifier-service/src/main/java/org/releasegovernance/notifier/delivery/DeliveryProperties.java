package org.releasegovernance.notifier.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

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
 * @param instanceId     this instance's name on the deliveries it claims; by default {@code <host>:<pid>:<random>}
 * @param claimDuration  how long a claim keeps other instances off a delivery: it must outlast a batch's requests and
 *                       the database outages an instance should ride out holding their outcomes; after an instance
 *                       died, the deliveries it had in flight are sent again (same webhook-id) once it has passed
 */
@ConfigurationProperties("notifier.delivery")
public record DeliveryProperties(Duration pollInterval, int batchSize, int maxAttempts, List<Duration> backoff,
                                 double jitter, Duration connectTimeout, Duration requestTimeout,
                                 Duration disableAfter, Duration maxRetryAfter, String instanceId,
                                 Duration claimDuration) {

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
        instanceId = instanceId == null || instanceId.isBlank() ? defaultInstanceId() : instanceId;
        claimDuration = claimDuration == null ? Duration.ofSeconds(60) : claimDuration;
        if (requestTimeout != null && claimDuration.compareTo(requestTimeout) <= 0) {
            throw new IllegalArgumentException("notifier.delivery.claim-duration must be longer than request-timeout");
        }
    }

    private static String defaultInstanceId() {
        String[] pidAtHost = ManagementFactory.getRuntimeMXBean().getName().split("@", 2);
        return (pidAtHost.length == 2 ? pidAtHost[1] + ":" + pidAtHost[0] : pidAtHost[0]) + ":"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The configured wait after the given number of failed attempts (at least 1), before jitter. */
    Duration backoffAfter(int failedAttempts) {
        return backoff.get(Math.min(failedAttempts, backoff.size()) - 1);
    }
}
