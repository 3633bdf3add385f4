package org.releasegovernance.notifier.delivery;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What follows an attempt: a 2xx delivers; a 4xx other than 408, 409 and 429 is final (the receiver refused the
 * message itself, sending it again changes nothing); anything else, no answer included, is retried after the
 * configured back-off with jitter, or after the receiver's {@code Retry-After}, until the attempts run out and the
 * delivery becomes a dead letter.
 */
@Component
class RetryPolicy {

    private static final Set<Integer> RETRYABLE_CLIENT_ERRORS = Set.of(408, 409, 429);

    private final DeliveryProperties properties;

    RetryPolicy(DeliveryProperties properties) {
        this.properties = properties;
    }

    /** The outcome of one attempt, as the delivery log will show it. */
    record Decision(DeliveryStatus status, Instant nextAttemptAt, String reason) {
    }

    /**
     * @param statusCode     the receiver's answer, or null when there was none
     * @param error          why there was no answer
     * @param retryAfter     the receiver's {@code Retry-After} header, if any
     * @param failedAttempts failed attempts in the current schedule, this one included if it failed
     */
    Decision decide(Integer statusCode, String error, String retryAfter, int failedAttempts, Instant now) {
        if (statusCode != null && statusCode >= 200 && statusCode < 300) {
            return new Decision(DeliveryStatus.DELIVERED, now, null);
        }
        String reason = statusCode != null ? "HTTP " + statusCode : error;
        if (statusCode != null && statusCode >= 400 && statusCode < 500
                && !RETRYABLE_CLIENT_ERRORS.contains(statusCode)) {
            return new Decision(DeliveryStatus.DEAD, now, reason + " (final: the receiver refused the message)");
        }
        if (failedAttempts >= properties.maxAttempts()) {
            return new Decision(DeliveryStatus.DEAD, now,
                    reason + " (dead letter after " + failedAttempts + " attempts)");
        }
        Duration wait = retryAfter(retryAfter, now);
        if (wait == null) {
            wait = jittered(properties.backoffAfter(failedAttempts));
        }
        return new Decision(DeliveryStatus.PENDING, now.plus(wait), reason);
    }

    /**
     * A receiver that refused the message for good in a way no status code tells (an SMTP server's 5xx reply):
     * final at once, since sending it again changes nothing.
     */
    Decision refusedForGood(String error, Instant now) {
        return new Decision(DeliveryStatus.DEAD, now, error + " (final: the receiver refused the message)");
    }

    private Duration jittered(Duration wait) {
        double factor = 1 + properties.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis(Math.round(wait.toMillis() * factor));
    }

    /** {@code Retry-After} as seconds or an HTTP date, capped at {@code max-retry-after}. */
    private Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                wait = Duration.between(now, ZonedDateTime.parse(header.trim(),
                        DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(properties.maxRetryAfter()) > 0 ? properties.maxRetryAfter() : wait;
    }
}
