package org.releasegovernance.notifier.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One delivery as its owner sees it in the delivery log, with every attempt. */
public record DeliveryView(UUID id, UUID subscriptionId, UUID eventId, String eventType, String releaseId,
                           String webhookId, DeliveryStatus status, int attempts, Instant nextAttemptAt,
                           Instant deliveredAt, String lastError, List<Attempt> attemptLog) {

    /**
     * One try: the receiver's status code (for an e-mail, 250: the SMTP server took it), or the error when there was
     * no answer or an SMTP server refused the message.
     */
    public record Attempt(Instant at, Integer statusCode, String error, long durationMillis) {
    }

    DeliveryView withAttempts(List<Attempt> attempts) {
        return new DeliveryView(id, subscriptionId, eventId, eventType, releaseId, webhookId, status, this.attempts,
                nextAttemptAt, deliveredAt, lastError, attempts);
    }
}
