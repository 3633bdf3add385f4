package org.releasegovernance.audit.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.releasegovernance.audit.checkpoint.Checkpoints;
import org.releasegovernance.audit.log.AppenderLease;
import org.releasegovernance.audit.log.AppenderLease.AppenderLeaseLost;
import org.releasegovernance.audit.log.AppenderLease.Held;
import org.releasegovernance.audit.log.AppenderProperties;
import org.releasegovernance.audit.log.AuditLog;
import org.releasegovernance.intake.EventsProperties;
import org.releasegovernance.intake.UnreadableRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Appends every governance event of the topic to the audit log in the topic's order. The topic has one partition
 * (see {@link TopicConsumers#partition}), so that order is the publisher's and a replay of the topic rebuilds the
 * same log; memory stays bounded by one poll however long the backlog is. Offsets are committed only after the
 * polled events are appended; a failure to store retries the same events with a capped exponential back-off and
 * never skips them, and a failed feed restarts from the committed offsets. Records that are not readable governance
 * events (or events breaking the event contract) are kept as unreadable and passed, never silently: while the log
 * lacks such an event, {@link LiveFeedHealth} is DOWN and the log's verification says it is not intact.
 * <p>
 * Failures are sorted as Kafka's own consumer examples sort them: what waiting can fix (the broker or the database
 * away, a timeout) is retried; what it cannot (the broker refuses our credentials or permissions, a misconfigured
 * topic, a bug of ours, the JVM failing) stops the feed, and {@link LiveFeedHealth} reports why until the service is
 * restarted with the cause fixed. Nothing is skipped either way: offsets are committed only after an append.
 * <p>
 * Of several instances, only the holder of the {@link AppenderLease} reads the topic and appends; the others wait as
 * standbys and try to take the lease every {@code audit.appender.standby-poll-interval}. The lease, not Kafka, decides:
 * every append checks it in its own transaction, so an appender that lost it stops (and becomes a standby) without
 * writing, and the new one resumes from the committed offsets, skipping by event id what the old one appended after
 * its last commit. A graceful stop releases the lease, so a standby takes over at its next try.
 */
@Component
class LiveFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    private static final String CORRELATION_ID = "correlationId";
    private static final Duration POLL = Duration.ofMillis(200);

    private final TopicConsumers consumers;
    private final AuditLog auditLog;
    private final AppenderLease lease;
    private final AppenderProperties appender;
    private final Checkpoints checkpoints;
    private final UnreadableRecords unreadableRecords;
    private final EventsProperties properties;
    private final Counter recorded;
    private final Counter duplicates;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile String failure;
    private volatile boolean stopped;
    private volatile Held held;
    private long renewedAt;
    private Thread thread;

    LiveFeed(TopicConsumers consumers, AuditLog auditLog, AppenderLease lease, AppenderProperties appender,
             Checkpoints checkpoints, UnreadableRecords unreadableRecords, EventsProperties properties,
             MeterRegistry meters) {
        this.consumers = consumers;
        this.auditLog = auditLog;
        this.lease = lease;
        this.appender = appender;
        this.checkpoints = checkpoints;
        this.unreadableRecords = unreadableRecords;
        this.properties = properties;
        this.recorded = appends(meters, "recorded");
        this.duplicates = appends(meters, "duplicate");
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "audit-live-feed");
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Why the last attempt to read the topic failed, until a poll succeeds again; or why the feed stopped. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** The lease this instance appends under, empty while it is a standby. */
    Optional<Held> appenderLease() {
        return Optional.ofNullable(held);
    }

    /** Whether the feed stopped on a failure that retrying cannot fix. */
    boolean hasStopped() {
        return stopped;
    }

    private void run() {
        BackOffExecution backOff = backOff();
        try {
            while (running) {
                try {
                    if (!holdLease()) {
                        sleep(appender.standbyPollInterval());
                        continue;
                    }
                    try (KafkaConsumer<String, byte[]> kafka = consumers.create(true)) {
                        consumer = kafka;
                        consume(kafka);
                    }
                } catch (WakeupException e) {
                    return;
                } catch (AppenderLeaseLost e) {
                    held = null;
                    log.warn("{}; this instance is a standby now", e.getMessage());
                } catch (RuntimeException | Error e) {
                    if (isFatal(e)) {
                        stopped = true;
                        running = false;
                        failure = "the live feed stopped, and only a restart with the cause fixed resumes it: " + e;
                        log.error("the live feed stopped on a failure retrying cannot fix: {}", e.toString(), e);
                        return;
                    }
                    failure = e.getMessage();
                    log.warn("the live feed failed and restarts from the committed offsets: {}", e.toString());
                    pause(backOff);
                } finally {
                    consumer = null;
                }
            }
        } finally {
            releaseLease();
        }
    }

    /**
     * Whether this instance holds the appender lease: it renews the one it holds (after a passing failure) or tries
     * to take a free or expired one, provided it signs with the key of the log's checkpoints (if not, the feed
     * stops: only a restart with the right key can fix it).
     */
    private boolean holdLease() {
        if (held == null) {
            checkpoints.signsWithTheLogsKey().ifPresent(reason -> {
                throw new IllegalStateException(reason);
            });
        }
        if (held != null) {
            lease.renew(held);
        } else {
            held = lease.tryTake().orElse(null);
        }
        renewedAt = System.nanoTime();
        return held != null;
    }

    /** Renews the lease when a third of it has passed since it was last renewed (by this or by an append). */
    private void renewWhenDue() {
        if (System.nanoTime() - renewedAt >= appender.renewInterval().toNanos()) {
            lease.renew(held);
            renewedAt = System.nanoTime();
        }
    }

    private void releaseLease() {
        Held last = held;
        held = null;
        if (last != null) {
            try {
                lease.release(last);
            } catch (RuntimeException e) {
                log.warn("could not release the audit appender lease at epoch {}; a standby takes over when it "
                        + "expires: {}", last.epoch(), e.toString());
            }
        }
    }

    private void consume(KafkaConsumer<String, byte[]> kafka) {
        Optional<TopicPartition> found = consumers.partition(kafka);
        BackOffExecution untilTheTopicExists = backOff();
        while (found.isEmpty() && running) {
            pause(untilTheTopicExists);
            found = consumers.partition(kafka);
        }
        if (found.isEmpty()) {
            return;
        }
        TopicPartition partition = found.get();
        kafka.assign(List.of(partition));
        while (running) {
            ConsumerRecords<String, byte[]> polled = kafka.poll(POLL);
            failure = null;
            renewWhenDue();
            if (polled.isEmpty()) {
                continue;
            }
            List<TopicRecord> readable = new ArrayList<>(polled.count());
            for (ConsumerRecord<String, byte[]> record : polled) {
                TopicRecord read = TopicRecord.read(record);
                if (read.isReadable()) {
                    readable.add(read);
                } else {
                    untilDone(() -> storeUnreadable(read, read.unreadable()));
                }
            }
            if (!readable.isEmpty()) {
                untilDone(() -> append(readable));
            }
            kafka.commitSync(Map.of(partition, new OffsetAndMetadata(kafka.position(partition))));
        }
    }

    private boolean append(List<TopicRecord> records) {
        try {
            report(records, auditLog.append(records.stream().map(TopicRecord::newEntry).toList(), held));
            renewedAt = System.nanoTime();
        } catch (DataIntegrityViolationException e) {
            if (!AuditLog.isDataException(e)) {
                throw e;
            }
            // one event the database cannot hold: find it, keep it as unreadable, append the others
            for (TopicRecord record : records) {
                untilDone(() -> appendAlone(record));
            }
        }
        return true;
    }

    private boolean appendAlone(TopicRecord record) {
        try {
            report(List.of(record), auditLog.append(List.of(record.newEntry()), held));
            renewedAt = System.nanoTime();
        } catch (DataIntegrityViolationException e) {
            if (!AuditLog.isDataException(e)) {
                throw e;
            }
            storeUnreadable(record, "the database cannot store event data: " + e.getMostSpecificCause().getMessage());
        }
        return true;
    }

    private void report(List<TopicRecord> records, List<Optional<Long>> indexes) {
        for (int i = 0; i < records.size(); i++) {
            var envelope = records.get(i).envelope();
            MDC.put(CORRELATION_ID, envelope.correlationId());
            try {
                if (indexes.get(i).isPresent()) {
                    recorded.increment();
                    log.info("recorded release {} event {} type {} sequence {} position {} at log index {}",
                            envelope.event().releaseId(), envelope.eventId(), envelope.typeName(),
                            envelope.sequence(), envelope.position(), indexes.get(i).get());
                } else {
                    duplicates.increment();
                    log.info("ignored redelivered release {} event {} type {} (already recorded)",
                            envelope.event().releaseId(), envelope.eventId(), envelope.typeName());
                }
            } finally {
                MDC.remove(CORRELATION_ID);
            }
        }
    }

    private boolean storeUnreadable(TopicRecord read, String reason) {
        var cloudEvent = read.cloudEvent();
        byte[] data = cloudEvent == null ? read.record().value()
                : cloudEvent.getData() == null ? null : cloudEvent.getData().toBytes();
        unreadableRecords.store(read.record(), reason, cloudEvent == null ? null : cloudEvent.getId(),
                cloudEvent == null ? null : cloudEvent.getType(), data);
        return true;
    }

    /** Retries a store operation until it succeeds (or the feed stops): nothing accepted is ever skipped. */
    private void untilDone(Supplier<Boolean> operation) {
        BackOffExecution backOff = backOff();
        while (true) {
            try {
                operation.get();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    throw new WakeupException();
                }
                if (isFatal(e) || e instanceof AppenderLeaseLost) {
                    throw e;
                }
                failure = "storing events failed: " + e.getMessage();
                log.warn("storing events failed, retrying the same events: {}", e.toString());
                pause(backOff);
            }
        }
    }

    private BackOffExecution backOff() {
        return properties.retry().backOff().start();
    }

    private void pause(BackOffExecution backOff) {
        sleep(Duration.ofMillis(backOff.nextBackOff()));
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Whether waiting cannot fix the failure: the broker refuses us (credentials, permissions, an API it lacks), the
     * configuration or the topic is wrong, or the code is (an unchecked exception only a bug throws, or an Error).
     * Everything else (the broker or database away, timeouts, lost connections) is taken as passing.
     */
    static boolean isFatal(Throwable e) {
        return e instanceof Error
                || e instanceof AuthenticationException
                || e instanceof AuthorizationException
                || e instanceof UnsupportedVersionException
                || e instanceof ConfigException
                || e instanceof InvalidTopicException
                || e instanceof IllegalStateException
                || e instanceof IllegalArgumentException
                || e instanceof NullPointerException
                || e instanceof ClassCastException
                || e instanceof IndexOutOfBoundsException
                || e instanceof UnsupportedOperationException;
    }

    private static Counter appends(MeterRegistry meters, String outcome) {
        return Counter.builder("audit.log.appends")
                .description("Governance events consumed into the audit log, by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }
}
