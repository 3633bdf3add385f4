package org.releasegovernance.audit.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records from the topic that are not readable governance events, kept with the reason so nothing is silently
 * dropped. One row per topic offset: storing a redelivered record again changes nothing.
 */
@Repository
class UnreadableRecords {

    private static final Logger log = LoggerFactory.getLogger(UnreadableRecords.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Counter stored;

    UnreadableRecords(JdbcTemplate jdbc, ObjectMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.stored = Counter.builder("audit.records.unreadable")
                .description("Records of the governance topic stored as unreadable")
                .register(meters);
    }

    /**
     * Keeps a record that could not be read.
     *
     * @param record         the record as consumed (its value may be {@code null} if it did not deserialize)
     * @param reason         why it cannot be read
     * @param eventId        its CloudEvents id, if known
     * @param cloudEventType its CloudEvents type, if known
     * @param data           its data or raw bytes, if any
     */
    void store(ConsumerRecord<?, ?> record, String reason, String eventId, String cloudEventType, byte[] data) {
        int inserted = jdbc.update("""
                        insert into unreadable_record (topic, kafka_partition, kafka_offset, record_key, event_id,
                                                       cloud_event_type, reason, headers, data)
                        values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                        on conflict (topic, kafka_partition, kafka_offset) do nothing""",
                record.topic(), record.partition(), record.offset(), text(record.key()), text(eventId),
                text(cloudEventType), text(reason), headers(record), data);
        if (inserted > 0) {
            stored.increment();
        }
        log.warn("unreadable record stored: release {} event {} type {} at {}-{}@{}: {}", text(record.key()),
                text(eventId), text(cloudEventType), record.topic(), record.partition(), record.offset(),
                text(reason));
    }

    private String headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (!isDeserializerDiagnostics(header.key()) && header.value() != null) {
                headers.put(text(header.key()), text(new String(header.value(), StandardCharsets.UTF_8)));
            }
        }
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("headers of a record cannot be written as JSON", e);
        }
    }

    /** The serialized exception spring-kafka attaches; the reason column already says what went wrong. */
    private static boolean isDeserializerDiagnostics(String key) {
        return key.equals(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER)
                || key.equals(SerializationUtils.KEY_DESERIALIZER_EXCEPTION_HEADER);
    }

    /** PostgreSQL text cannot hold NUL; an unreadable record must still be storable. */
    private static String text(Object value) {
        return value == null ? null : value.toString().replace('\u0000', '\uFFFD');
    }
}
