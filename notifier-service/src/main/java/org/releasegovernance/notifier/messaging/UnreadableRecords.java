package org.releasegovernance.notifier.messaging;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;

/**
 * Records of the topic that are not readable governance events (unknown type, bad data), kept with the reason so
 * none is silently dropped. One row per topic offset: storing a redelivered record again changes nothing.
 */
@Repository
class UnreadableRecords {

    private static final Logger log = LoggerFactory.getLogger(UnreadableRecords.class);
    private static final String CE_ID_HEADER = "ce_id";
    private static final String CE_TYPE_HEADER = "ce_type";

    private final JdbcClient jdbc;
    private final Counter stored;

    UnreadableRecords(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.stored = Counter.builder("notifier.records.unreadable")
                .description("Records of the governance topic stored as unreadable")
                .register(meters);
    }

    /**
     * Keeps a record that could not be read.
     *
     * @param record         the record as consumed (its value is {@code null} when it did not deserialize)
     * @param reason         why it cannot be read
     * @param eventId        its CloudEvents id, if known
     * @param cloudEventType its CloudEvents type, if known
     * @param data           its data or raw bytes, if any
     */
    void store(ConsumerRecord<?, ?> record, String reason, String eventId, String cloudEventType, byte[] data) {
        int inserted = jdbc.sql("""
                        insert into unreadable_record (topic, kafka_partition, kafka_offset, record_key, event_id,
                                                       cloud_event_type, reason, data)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (topic, kafka_partition, kafka_offset) do nothing""")
                .params(record.topic(), record.partition(), record.offset(), text(record.key()), text(eventId),
                        text(cloudEventType), text(reason), data)
                .update();
        if (inserted > 0) {
            stored.increment();
        }
        log.warn("unreadable record stored: release {} event {} type {} at {}-{}@{}: {}", text(record.key()),
                text(eventId), text(cloudEventType), record.topic(), record.partition(), record.offset(),
                text(reason));
    }

    /** Keeps a record that failed with an exception, the exception's causes as the reason. */
    void store(ConsumerRecord<?, ?> record, Exception exception) {
        store(record, reason(exception), header(record, CE_ID_HEADER), header(record, CE_TYPE_HEADER),
                data(record, exception));
    }

    /** Keeps a record whose value did not deserialize (or is absent). */
    void storeUndeserializable(ConsumerRecord<?, ?> record, DeserializationException exception) {
        if (exception != null) {
            store(record, exception);
        } else {
            store(record, "the record has no value", header(record, CE_ID_HEADER), header(record, CE_TYPE_HEADER),
                    null);
        }
    }

    /** The raw bytes of a record that did not deserialize, else the data of the event it carries, if any. */
    private static byte[] data(ConsumerRecord<?, ?> record, Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof DeserializationException deserialization) {
                return deserialization.getData();
            }
        }
        if (record.value() instanceof CloudEvent cloudEvent && cloudEvent.getData() != null) {
            return cloudEvent.getData().toBytes();
        }
        return null;
    }

    private static String reason(Throwable exception) {
        StringBuilder reason = new StringBuilder();
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && reason.indexOf(cause.getMessage()) < 0) {
                reason.append(reason.isEmpty() ? "" : ": ").append(cause.getMessage());
            }
        }
        return reason.isEmpty() ? exception.getClass().getName() : reason.toString();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** PostgreSQL text cannot hold NUL; an unreadable record must still be storable. */
    private static String text(Object value) {
        return value == null ? null : value.toString().replace('\u0000', '\uFFFD');
    }
}
