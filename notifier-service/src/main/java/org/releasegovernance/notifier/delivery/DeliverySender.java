package org.releasegovernance.notifier.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.releasegovernance.notifier.outbound.OutboundGuard;
import org.releasegovernance.notifier.outbound.RefusedDestination;
import org.releasegovernance.notifier.subscription.Channel;
import org.releasegovernance.notifier.subscription.Credentials;
import org.releasegovernance.notifier.subscription.Subscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends due deliveries. A batch is claimed with {@code for update skip locked} inside a transaction, so several
 * instances never send the same delivery at once; its requests go out concurrently, and their outcomes are stored in
 * the same transaction: a crash mid-batch leaves the batch pending, to be sent again with the same
 * {@code webhook-id}. Every request passes the SSRF guard first, and redirects are never followed. On shutdown the
 * batch in flight is finished and stored before the application stops.
 */
@Component
class DeliverySender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliverySender.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final Deliveries deliveries;
    private final Subscriptions subscriptions;
    private final DeliveryProperties properties;
    private final RetryPolicy policy;
    private final OutboundGuard guard;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final HttpClient http;
    private final ReentrantLock sending = new ReentrantLock();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "delivery-wake-up");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;

    DeliverySender(Deliveries deliveries, Subscriptions subscriptions, DeliveryProperties properties,
                   RetryPolicy policy, OutboundGuard guard, TransactionTemplate transactions, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.properties = properties;
        this.policy = policy;
        this.guard = guard;
        this.transactions = transactions;
        this.meters = meters;
        // plain HTTP/1.1: no "Upgrade: h2c" on a POST with a body, which some receivers refuse
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** What one request brought back: a status code, or the error that stood in for it. */
    private record Answer(Integer statusCode, String retryAfter, String error, Instant start, Instant end) {
    }

    /** Wakes the sender as soon as new deliveries are committed, so a first attempt does not wait for the poll. */
    @TransactionalEventListener(fallbackExecution = true)
    void onQueued(DeliveriesQueued queued) {
        wakeRequested.set(true);
        wakeUps.execute(this::sendDue);
    }

    /**
     * Sends everything due, batch after batch. One sender at a time: a wake-up that finds it busy leaves its flag,
     * which the busy sender reads after it lets go of the lock, so no wake-up is lost.
     */
    @Scheduled(fixedDelayString = "${notifier.delivery.poll-interval}")
    void sendDue() {
        do {
            if (!running || !sending.tryLock()) {
                return;
            }
            try {
                wakeRequested.set(false);
                Integer claimed;
                do {
                    claimed = transactions.execute(status -> sendBatch());
                } while (running && claimed != null && claimed == properties.batchSize());
            } finally {
                sending.unlock();
            }
        } while (wakeRequested.get());
    }

    private int sendBatch() {
        List<Deliveries.Due> due = deliveries.claimDue(properties.batchSize(), Instant.now());
        Map<UUID, Credentials> credentials = new HashMap<>();
        List<CompletableFuture<Answer>> answers = due.stream()
                .map(delivery -> send(delivery, credentials.computeIfAbsent(delivery.subscriptionId(),
                        id -> subscriptions.credentialsOf(id, Instant.now()))))
                .toList();
        List<Deliveries.Outcome> outcomes = new ArrayList<>();
        Set<UUID> healthy = new HashSet<>();
        for (int i = 0; i < due.size(); i++) {
            Deliveries.Due delivery = due.get(i);
            Answer answer = answers.get(i).join();
            RetryPolicy.Decision decision = decide(delivery, answer);
            outcomes.add(new Deliveries.Outcome(delivery.id(), delivery.attempts() + 1, answer.start(),
                    answer.statusCode(), answer.error(), Duration.between(answer.start(), answer.end()).toMillis(),
                    decision));
            if (decision.status() == DeliveryStatus.DELIVERED) {
                healthy.add(delivery.subscriptionId());
            }
        }
        if (!outcomes.isEmpty()) {
            deliveries.settle(outcomes);
            subscriptions.recordSuccess(healthy);
        }
        return due.size();
    }

    private CompletableFuture<Answer> send(Deliveries.Due delivery, Credentials credentials) {
        Instant start = Instant.now();
        URI target;
        try {
            target = guard.check(delivery.url());
        } catch (RefusedDestination refused) {
            return CompletableFuture.completedFuture(new Answer(null, null,
                    "refused by the SSRF guard: " + refused.getMessage(), start, start));
        }
        HttpRequest request = delivery.channel() == Channel.MASTODON
                ? mastodonRequest(delivery, target, credentials)
                : webhookRequest(delivery, target, credentials, start.getEpochSecond());
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> response != null
                        ? new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                        null, start, Instant.now())
                        : new Answer(null, null, describe(failure), start, Instant.now()));
    }

    private HttpRequest webhookRequest(Deliveries.Due delivery, URI target, Credentials credentials, long timestamp) {
        String signatures = String.join(" ", credentials.signingSecrets().stream()
                .map(secret -> WebhookSigner.sign(secret, delivery.webhookId(), timestamp, delivery.body()))
                .toList());
        return HttpRequest.newBuilder(target)
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .header("webhook-id", delivery.webhookId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signatures)
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                .build();
    }

    private HttpRequest mastodonRequest(Deliveries.Due delivery, URI instance, Credentials credentials) {
        String base = instance.toString().replaceAll("/+$", "");
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/statuses"))
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + credentials.accessToken())
                .header("Idempotency-Key", delivery.eventId().toString())
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                .build();
    }

    /** Decides what follows an attempt; one log line for it, and a failing endpoint may get disabled. */
    private RetryPolicy.Decision decide(Deliveries.Due delivery, Answer answer) {
        boolean delivered = answer.statusCode() != null && answer.statusCode() >= 200 && answer.statusCode() < 300;
        int failedAttempts = delivery.failedAttempts() + (delivered ? 0 : 1);
        RetryPolicy.Decision decision = policy.decide(answer.statusCode(), answer.error(), answer.retryAfter(),
                failedAttempts, answer.end());
        meters.counter("notifier.deliveries.attempts", "channel", delivery.channel().name(),
                "outcome", decision.status().name()).increment();
        if (delivered) {
            log.info("delivered {} ({}) to subscription {} at attempt {} with HTTP {}", delivery.webhookId(),
                    delivery.id(), delivery.subscriptionId(), delivery.attempts() + 1, answer.statusCode());
            return decision;
        }
        boolean disabled = subscriptions.recordFailure(delivery.subscriptionId(), answer.end(),
                properties.disableAfter(), "every attempt failed for more than " + properties.disableAfter()
                        + "; last: " + decision.reason() + " at " + answer.end());
        if (decision.status() == DeliveryStatus.DEAD) {
            log.warn("dead letter {} ({}) to subscription {} after attempt {}: {}", delivery.webhookId(),
                    delivery.id(), delivery.subscriptionId(), delivery.attempts() + 1, decision.reason());
        } else {
            log.info("attempt {} of {} ({}) to subscription {} failed: {}; next attempt at {}",
                    delivery.attempts() + 1, delivery.webhookId(), delivery.id(), delivery.subscriptionId(),
                    decision.reason(), decision.nextAttemptAt());
        }
        if (disabled) {
            log.warn("subscription {} disabled: its endpoint failed for more than {}", delivery.subscriptionId(),
                    properties.disableAfter());
        }
        return decision;
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String text = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }

    @Override
    public void start() {
        running = true;
    }

    /** Waits for the batch in flight, so that what was sent is recorded as sent. */
    @Override
    public void stop() {
        running = false;
        sending.lock();
        sending.unlock();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @PreDestroy
    void close() {
        wakeUps.shutdownNow();
    }
}
