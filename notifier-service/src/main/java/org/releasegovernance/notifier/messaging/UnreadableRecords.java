package org.releasegovernance.notifier.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Records of the topic that are not readable governance events (unknown type, bad data), kept with the reason so
 * none is silently dropped. One row per topic offset: storing a redelivered record again changes nothing.
 */
@Repository
class UnreadableRecords {

    private static final Logger log = LoggerFactory.getLogger(UnreadableRecords.class);

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

    /** PostgreSQL text cannot hold NUL; an unreadable record must still be storable. */
    private static String text(Object value) {
        return value == null ? null : value.toString().replace('\u0000', '\uFFFD');
    }
}
