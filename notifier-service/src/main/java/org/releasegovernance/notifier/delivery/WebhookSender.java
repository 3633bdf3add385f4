package org.releasegovernance.notifier.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.releasegovernance.notifier.subscription.Subscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Sends due deliveries, signed per Standard Webhooks. A delivery is claimed with {@code for update skip locked}
 * inside a transaction, so several senders (or instances) never send the same one at once; a 2xx delivers it, any
 * other answer or no answer schedules a retry after the configured back-off, and the last failed attempt makes it a
 * dead letter. Redirects are not followed.
 */
@Component
class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final Deliveries deliveries;
    private final Subscriptions subscriptions;
    private final DeliveryProperties properties;
    private final TransactionTemplate transactions;
    private final HttpClient http;
    private final MeterRegistry meters;

    WebhookSender(Deliveries deliveries, Subscriptions subscriptions, DeliveryProperties properties,
                  TransactionTemplate transactions, MeterRegistry meters) {
        this.meters = meters;
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.properties = properties;
        this.transactions = transactions;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Scheduled(fixedDelayString = "${notifier.delivery.poll-interval}")
    void sendDue() {
        Integer sent;
        do {
            sent = transactions.execute(status -> {
                List<Deliveries.Due> due = deliveries.claimDue(properties.batchSize(), Instant.now());
                due.forEach(this::send);
                return due.size();
            });
        } while (sent != null && sent == properties.batchSize());
    }

    private void send(Deliveries.Due delivery) {
        Instant start = Instant.now();
        long timestamp = start.getEpochSecond();
        Integer statusCode = null;
        String error = null;
        try {
            String signature = WebhookSigner.sign(subscriptions.secretOf(delivery.subscriptionId()),
                    delivery.webhookId(), timestamp, delivery.body());
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(delivery.url()))
                    .timeout(properties.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("webhook-id", delivery.webhookId())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                    .build(), HttpResponse.BodyHandlers.discarding());
            statusCode = response.statusCode();
        } catch (IOException e) {
            error = truncate(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (RuntimeException e) {
            // e.g. a secret that no longer decrypts: a failed attempt of this delivery, not of the whole batch
            error = truncate(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        Instant end = Instant.now();
        int attempts = delivery.attempts() + 1;
        deliveries.recordAttempt(delivery.id(), start, statusCode, error, Duration.between(start, end).toMillis());
        if (statusCode != null && statusCode >= 200 && statusCode < 300) {
            deliveries.markDelivered(delivery.id(), attempts, end);
            count("delivered");
            log.info("delivered release {} event {} type {} to subscription {} as {}: HTTP {}",
                    delivery.releaseId(), delivery.eventId(), delivery.eventType(), delivery.subscriptionId(),
                    delivery.webhookId(), statusCode);
        } else {
            String reason = statusCode != null ? "HTTP " + statusCode : error;
            boolean last = attempts >= properties.maxAttempts();
            deliveries.markFailed(delivery.id(), attempts, last ? DeliveryStatus.DEAD : DeliveryStatus.PENDING,
                    last ? end : end.plus(properties.backoffAfter(attempts)), reason);
            count(last ? "dead" : "retry");
            // the URL is not logged: subscribers put tokens in their webhook paths
            log.warn("attempt {} of release {} event {} type {} to subscription {} as {} failed: {}{}", attempts,
                    delivery.releaseId(), delivery.eventId(), delivery.eventType(), delivery.subscriptionId(),
                    delivery.webhookId(), reason, last ? "; dead letter" : "");
        }
    }

    private void count(String outcome) {
        Counter.builder("notifier.webhook.attempts")
                .description("Webhook delivery attempts, by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
