package org.releasegovernance.audit.messaging;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.releasegovernance.audit.log.AuditLog;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceCloudEvents;
import org.releasegovernance.events.UnreadableEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Appends every governance event on the topic to the audit log. The offset is committed by the container after
 * this method returns, that is after the log's transaction committed; a failure propagates so the error handler
 * retries the same record.
 */
@Component
class GovernanceEventConsumer {

    private static final Logger log = LoggerFactory.getLogger(GovernanceEventConsumer.class);
    private static final String CORRELATION_ID = "correlationId";
    /** SQL state class 22, "data exception": the database can never hold this value, retrying cannot help. */
    private static final String DATA_EXCEPTION_CLASS = "22";

    private final AuditLog auditLog;
    private final UnreadableRecords unreadableRecords;
    private final Counter recorded;
    private final Counter duplicates;

    GovernanceEventConsumer(AuditLog auditLog, UnreadableRecords unreadableRecords, MeterRegistry meters) {
        this.auditLog = auditLog;
        this.unreadableRecords = unreadableRecords;
        this.recorded = appends(meters, "recorded");
        this.duplicates = appends(meters, "duplicate");
    }

    @KafkaListener(topics = "${governance.events.topic:release-governance.events}")
    void consume(ConsumerRecord<String, CloudEvent> record) {
        CloudEvent cloudEvent = record.value();
        EventEnvelope envelope;
        try {
            envelope = GovernanceCloudEvents.fromCloudEvent(cloudEvent);
        } catch (UnreadableEventException e) {
            storeUnreadable(record, e.getMessage());
            return;
        }
        MDC.put(CORRELATION_ID, envelope.correlationId());
        try {
            append(record, envelope);
        } finally {
            MDC.remove(CORRELATION_ID);
        }
    }

    private void append(ConsumerRecord<String, CloudEvent> record, EventEnvelope envelope) {
        CloudEvent cloudEvent = record.value();
        Optional<Long> logIndex;
        try {
            logIndex = auditLog.append(envelope, cloudEvent.getType(), cloudEvent.getData().toBytes());
        } catch (DataIntegrityViolationException e) {
            if (!isDataException(e)) {
                throw e;
            }
            storeUnreadable(record, "the database cannot store event data: " + e.getMostSpecificCause().getMessage());
            return;
        }
        if (logIndex.isPresent()) {
            recorded.increment();
            log.info("recorded release {} event {} type {} sequence {} at log index {}",
                    envelope.event().releaseId(), envelope.eventId(), envelope.typeName(), envelope.sequence(),
                    logIndex.get());
        } else {
            duplicates.increment();
            log.info("ignored redelivered release {} event {} type {} (already recorded)",
                    envelope.event().releaseId(), envelope.eventId(), envelope.typeName());
        }
    }

    private void storeUnreadable(ConsumerRecord<String, CloudEvent> record, String reason) {
        CloudEvent cloudEvent = record.value();
        byte[] data = cloudEvent.getData() == null ? null : cloudEvent.getData().toBytes();
        unreadableRecords.store(record, reason, cloudEvent.getId(), cloudEvent.getType(), data);
    }

    private static boolean isDataException(DataIntegrityViolationException e) {
        return e.getMostSpecificCause() instanceof SQLException sql && sql.getSQLState() != null
                && sql.getSQLState().startsWith(DATA_EXCEPTION_CLASS);
    }

    private static Counter appends(MeterRegistry meters, String outcome) {
        return Counter.builder("audit.log.appends")
                .description("Governance events consumed into the audit log, by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }
}
