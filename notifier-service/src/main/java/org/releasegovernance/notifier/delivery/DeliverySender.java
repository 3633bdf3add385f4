package org.releasegovernance.notifier.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.releasegovernance.notifier.email.EmailNotification;
import org.releasegovernance.notifier.email.EmailSender;
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
import java.time.Clock;
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
 * Sends due deliveries. A batch is claimed for {@code notifier.delivery.claim-duration} in a short committed
 * transaction ({@code for update skip locked}, then a claim on each row), so several instances never send the same
 * delivery at once; its requests go out concurrently, with no transaction open, and their outcomes are stored in a
 * transaction of their own that ends the claim. If that fails (the database went away while the requests were in
 * flight), the outcomes are held in memory and stored as soon as the database answers again, and nothing new is
 * claimed before: what was sent is not sent again, by this instance or another, while this process lives and its claim
 * lasts. A crash before the outcomes are stored leaves the batch pending, to be sent again with the same
 * {@code webhook-id} by any instance once the claim has expired. Every request passes the SSRF guard first, and
 * redirects are never followed. E-mails go the same way, handed to the configured SMTP server on a small pool of
 * their own since JavaMail blocks; a server's 5xx refusal is final, anything else is retried like a webhook. On
 * shutdown the batch in flight is finished and stored before the application stops.
 */
@Component
class DeliverySender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliverySender.class);
    private static final int MAX_ERROR_LENGTH = 500;
    private static final Duration MAX_SETTLE_BACKOFF = Duration.ofSeconds(10);
    private static final int LOGGED_WEBHOOK_IDS = 10;
    private static final int MAIL_THREADS = 4;

    private final Deliveries deliveries;
    private final Subscriptions subscriptions;
    private final DeliveryProperties properties;
    private final RetryPolicy policy;
    private final OutboundGuard guard;
    private final EmailSender email;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final Clock clock;
    private final HttpClient http;
    private final ReentrantLock sending = new ReentrantLock();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "delivery-wake-up");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService mailer = Executors.newFixedThreadPool(MAIL_THREADS, runnable -> {
        Thread thread = new Thread(runnable, "delivery-mail");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;
    // outcomes of requests that went out but are not stored yet; changed only while holding `sending`
    private volatile List<Sent> unsettled = List.of();
    private Duration settleBackoff = Duration.ZERO;
    private Instant nextSettleAttempt = Instant.MIN;

    DeliverySender(Deliveries deliveries, Subscriptions subscriptions, DeliveryProperties properties,
                   RetryPolicy policy, OutboundGuard guard, EmailSender email, TransactionTemplate transactions,
                   MeterRegistry meters, Clock clock) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.properties = properties;
        this.policy = policy;
        this.guard = guard;
        this.email = email;
        this.transactions = transactions;
        this.meters = meters;
        this.clock = clock;
        // plain HTTP/1.1: no "Upgrade: h2c" on a POST with a body, which some receivers refuse
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        Gauge.builder("notifier.deliveries.unsettled", () -> unsettled.size())
                .description("attempts made whose outcome waits in memory for the database")
                .register(meters);
    }

    /**
     * What one request brought back: a status code, or the error that stood in for it; {@code refusedForGood} when
     * that error says sending again changes nothing (an SMTP 5xx).
     */
    private record Answer(Integer statusCode, String retryAfter, String error, boolean refusedForGood, Instant start,
                          Instant end) {

        Answer(Integer statusCode, String retryAfter, String error, Instant start, Instant end) {
            this(statusCode, retryAfter, error, false, start, end);
        }
    }

    /** An attempt made and what follows it, to be stored however long the database takes. */
    private record Sent(Deliveries.Due delivery, Answer answer, Deliveries.Outcome outcome) {

        boolean delivered() {
            return outcome.decision().status() == DeliveryStatus.DELIVERED;
        }
    }

    /** Wakes the sender as soon as new deliveries are committed, so a first attempt does not wait for the poll. */
    @TransactionalEventListener(fallbackExecution = true)
    void onQueued(DeliveriesQueued queued) {
        wakeRequested.set(true);
        wakeUps.execute(this::sendDue);
    }

    /**
     * Sends everything due, batch after batch, once the outcomes of earlier attempts are stored. One sender at a time:
     * a wake-up that finds it busy leaves its flag, which the busy sender reads after it lets go of the lock, so no
     * wake-up is lost.
     */
    @Scheduled(fixedDelayString = "${notifier.delivery.poll-interval}")
    void sendDue() {
        do {
            if (!running || !sending.tryLock()) {
                return;
            }
            try {
                wakeRequested.set(false);
                int claimed;
                do {
                    if (!settleUnsettled()) {
                        return;
                    }
                    claimed = sendBatch();
                } while (running && claimed == properties.batchSize());
            } finally {
                sending.unlock();
            }
        } while (wakeRequested.get());
    }

    /**
     * Sends one batch; returns how many deliveries it claimed. A failure before the requests go out sends nothing;
     * the claimed deliveries are due again when their claim expires.
     */
    private int sendBatch() {
        List<Deliveries.Due> due = deliveries.claimDue(properties.instanceId(), properties.batchSize(),
                clock.instant(), properties.claimDuration());
        if (due.isEmpty()) {
            return 0;
        }
        Map<UUID, Credentials> credentials = transactions.execute(status -> credentialsOf(due));
        List<CompletableFuture<Answer>> answers = due.stream()
                .map(delivery -> send(delivery, credentials.get(delivery.subscriptionId())))
                .toList();
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < due.size(); i++) {
            sent.add(decide(due.get(i), answers.get(i).join()));
        }
        // from here on the requests are out: their outcomes must be stored, however long the database takes
        unsettled = List.copyOf(sent);
        try {
            transactions.executeWithoutResult(status -> settle(sent));
        } catch (RuntimeException failure) {
            postponeSettling(failure);
            return 0;
        }
        unsettled = List.of();
        return due.size();
    }

    /** Read before any request goes out, so that a database failure here sends nothing. */
    private Map<UUID, Credentials> credentialsOf(List<Deliveries.Due> due) {
        Instant now = clock.instant();
        Map<UUID, Credentials> credentials = new HashMap<>();
        for (Deliveries.Due delivery : due) {
            credentials.computeIfAbsent(delivery.subscriptionId(), id -> subscriptions.credentialsOf(id, now));
        }
        return credentials;
    }

    /**
     * Stores outcomes, and what they say about their endpoints' health. Safe to repeat: an outcome stored already
     * (a commit whose acknowledgement was lost) is skipped, its endpoint's health with it.
     */
    private void settle(List<Sent> sent) {
        if (sent.isEmpty()) {
            return;
        }
        Set<UUID> stored = deliveries.settle(properties.instanceId(), sent.stream().map(Sent::outcome).toList());
        Set<UUID> healthy = new HashSet<>();
        for (Sent attempt : sent) {
            if (!stored.contains(attempt.delivery().id())) {
                continue;
            }
            if (attempt.delivered()) {
                healthy.add(attempt.delivery().subscriptionId());
            } else {
                recordFailure(attempt);
            }
        }
        subscriptions.recordSuccess(healthy);
    }

    /**
     * Stores the outcomes a failed transaction could not, in a fresh one, when their back-off allows; true when none
     * are left.
     */
    private boolean settleUnsettled() {
        List<Sent> held = unsettled;
        if (held.isEmpty()) {
            return true;
        }
        if (clock.instant().isBefore(nextSettleAttempt)) {
            return false;
        }
        try {
            transactions.executeWithoutResult(status -> settle(held));
        } catch (RuntimeException failure) {
            postponeSettling(failure);
            return false;
        }
        unsettled = List.of();
        settleBackoff = Duration.ZERO;
        log.info("stored the outcomes of {} attempts held while the database was unavailable ({}); sending resumes",
                held.size(), webhookIds(held, LOGGED_WEBHOOK_IDS));
        return true;
    }

    private void postponeSettling(RuntimeException failure) {
        settleBackoff = settleBackoff.isZero() ? properties.pollInterval()
                : min(settleBackoff.multipliedBy(2), MAX_SETTLE_BACKOFF);
        nextSettleAttempt = clock.instant().plus(settleBackoff);
        log.warn("cannot store the outcomes of {} attempts ({}): {}; holding them, claiming nothing, next try in {}",
                unsettled.size(), webhookIds(unsettled, LOGGED_WEBHOOK_IDS), describe(failure), settleBackoff);
    }

    private static Duration min(Duration one, Duration other) {
        return one.compareTo(other) <= 0 ? one : other;
    }

    private static String webhookIds(List<Sent> sent, int most) {
        String ids = String.join(", ", sent.stream().limit(most).map(attempt -> attempt.delivery().webhookId())
                .toList());
        return sent.size() > most ? ids + " and " + (sent.size() - most) + " more" : ids;
    }

    private CompletableFuture<Answer> send(Deliveries.Due delivery, Credentials credentials) {
        Instant start = clock.instant();
        if (delivery.channel() == Channel.EMAIL) {
            return sendEmail(delivery, start);
        }
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
                        null, start, clock.instant())
                        : new Answer(null, null, describe(failure), start, clock.instant()));
    }

    /** The SMTP server is the operator's, not the subscriber's: it needs no SSRF guard, the recipient is stored. */
    private CompletableFuture<Answer> sendEmail(Deliveries.Due delivery, Instant start) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                email.send(delivery.address(), EmailNotification.fromJson(delivery.body()));
                return new Answer(250, null, null, start, clock.instant());
            } catch (RuntimeException failure) {
                // JavaMail nests the server's reply on further lines; the delivery log keeps one
                return new Answer(null, null, describe(failure).replaceAll("\\s+", " "),
                        EmailSender.refusedForGood(failure), start, clock.instant());
            }
        }, mailer);
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

    /** Decides what follows an attempt, with one log line for it. */
    private Sent decide(Deliveries.Due delivery, Answer answer) {
        boolean delivered = answer.statusCode() != null && answer.statusCode() >= 200 && answer.statusCode() < 300;
        int failedAttempts = delivery.failedAttempts() + (delivered ? 0 : 1);
        RetryPolicy.Decision decision = answer.refusedForGood()
                ? policy.refusedForGood(answer.error(), answer.end())
                : policy.decide(answer.statusCode(), answer.error(), answer.retryAfter(), failedAttempts, answer.end());
        meters.counter("notifier.deliveries.attempts", "channel", delivery.channel().name(),
                "outcome", decision.status().name()).increment();
        if (delivered) {
            log.info("delivered {} ({}) to subscription {} at attempt {} with {} {}", delivery.webhookId(),
                    delivery.id(), delivery.subscriptionId(), delivery.attempts() + 1,
                    delivery.channel() == Channel.EMAIL ? "SMTP" : "HTTP", answer.statusCode());
        } else if (decision.status() == DeliveryStatus.DEAD) {
            log.warn("dead letter {} ({}) to subscription {} after attempt {}: {}", delivery.webhookId(),
                    delivery.id(), delivery.subscriptionId(), delivery.attempts() + 1, decision.reason());
        } else {
            log.info("attempt {} of {} ({}) to subscription {} failed: {}; next attempt at {}",
                    delivery.attempts() + 1, delivery.webhookId(), delivery.id(), delivery.subscriptionId(),
                    decision.reason(), decision.nextAttemptAt());
        }
        return new Sent(delivery, answer, new Deliveries.Outcome(delivery.id(), delivery.attempts() + 1,
                answer.start(), answer.statusCode(), answer.error(),
                Duration.between(answer.start(), answer.end()).toMillis(), decision));
    }

    /** A failing endpoint may get disabled. */
    private void recordFailure(Sent attempt) {
        UUID subscriptionId = attempt.delivery().subscriptionId();
        Instant end = attempt.answer().end();
        boolean disabled = subscriptions.recordFailure(subscriptionId, end, properties.disableAfter(),
                "every attempt failed for more than " + properties.disableAfter() + "; last: "
                        + attempt.outcome().decision().reason() + " at " + end);
        if (disabled) {
            log.warn("subscription {} disabled: its endpoint failed for more than {}", subscriptionId,
                    properties.disableAfter());
        }
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

    /**
     * Waits for the batch in flight, so that what was sent is recorded as sent. Outcomes still held for the database
     * get one more try; those it cannot store are named in the log, since they will be sent again after a restart.
     */
    @Override
    public void stop() {
        running = false;
        sending.lock();
        try {
            if (!unsettled.isEmpty()) {
                nextSettleAttempt = Instant.MIN;
                if (!settleUnsettled()) {
                    log.error("stopping with the outcomes of {} attempts not stored; these deliveries will be sent "
                                    + "again with the same webhook-id by a notifier instance once their claim "
                                    + "expires (within {}): {}", unsettled.size(), properties.claimDuration(),
                            webhookIds(unsettled, unsettled.size()));
                }
            }
        } finally {
            sending.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @PreDestroy
    void close() {
        wakeUps.shutdownNow();
        mailer.shutdownNow();
    }
}
