package org.releasegovernance.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records of the governance topic that are not readable governance events (not a CloudEvent, an unknown type, data
 * that breaks the contract), kept in table {@code unreadable_record} with the reason so none is silently dropped. One
 * row per topic offset: storing a redelivered record again changes nothing. Each service keeps the table in its own
 * schema (columns: topic, kafka_partition, kafka_offset unique together; record_key, event_id, cloud_event_type,
 * reason, headers jsonb, data bytea).
 */
public class UnreadableRecords {

    private static final Logger log = LoggerFactory.getLogger(UnreadableRecords.class);
    private static final String CE_ID_HEADER = "ce_id";
    private static final String CE_TYPE_HEADER = "ce_type";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Counter stored;

    /** @param counterName the service's counter of stored records, e.g. {@code audit.records.unreadable} */
    public UnreadableRecords(JdbcTemplate jdbc, ObjectMapper json, MeterRegistry meters, String counterName) {
        this.jdbc = jdbc;
        this.json = json;
        this.stored = Counter.builder(counterName)
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
    public void store(ConsumerRecord<?, ?> record, String reason, String eventId, String cloudEventType,
                      byte[] data) {
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

    /** Keeps a record that failed with an exception, the exception's causes as the reason. */
    public void store(ConsumerRecord<?, ?> record, Exception exception) {
        store(record, reason(exception), header(record, CE_ID_HEADER), header(record, CE_TYPE_HEADER),
                data(record, exception));
    }

    /** Keeps a record whose value did not deserialize ({@code exception}) or is absent ({@code null}). */
    public void storeUndeserializable(ConsumerRecord<?, ?> record, DeserializationException exception) {
        if (exception != null) {
            store(record, exception);
        } else {
            store(record, "the record has no value", header(record, CE_ID_HEADER), header(record, CE_TYPE_HEADER),
                    null);
        }
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
