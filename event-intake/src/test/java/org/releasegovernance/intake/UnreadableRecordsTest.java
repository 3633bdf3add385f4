package org.releasegovernance.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegovernance.infra.PostgresServer;
import org.releasegovernance.infra.TestInfrastructure;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever reaches the topic unreadable is kept once, with why, even when its text holds what PostgreSQL refuses. */
class UnreadableRecordsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private JdbcTemplate jdbc;
    private UnreadableRecords records;

    @BeforeEach
    void tableOfAFreshSchema() {
        PostgresServer postgres = TestInfrastructure.postgres();
        String schema = "intake_" + UUID.randomUUID().toString().replace("-", "");
        new JdbcTemplate(new DriverManagerDataSource(postgres.jdbcUrl(), PostgresServer.USER, "postgres"))
                .execute("create schema " + schema);
        jdbc = new JdbcTemplate(new DriverManagerDataSource(postgres.jdbcUrl() + "?currentSchema=" + schema,
                PostgresServer.USER, "postgres"));
        // the shape both services' migrations give the table
        jdbc.execute("""
                create table unreadable_record (
                    id bigserial primary key, topic text not null, kafka_partition integer not null,
                    kafka_offset bigint not null, record_key text, event_id text, cloud_event_type text,
                    reason text not null, headers jsonb not null default '{}', data bytea,
                    received_at timestamptz not null default now(), unique (topic, kafka_partition, kafka_offset))""");
        records = new UnreadableRecords(jdbc, new ObjectMapper(), meters, "test.records.unreadable");
    }

    @Test
    void aRedeliveredRecordIsKeptOnceWithItsReasonAndHeadersAndNulBecomesAReplacementCharacter() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8)));
        ConsumerRecord<String, byte[]> record = record(7, "gpt-2\u0000", headers, new byte[] {1, 0, 2});

        records.store(record, "unknown type\u0000", "e-1", "org.releasegovernance.StageLaunched.v1",
                new byte[] {1, 0, 2});
        records.store(record, "unknown type\u0000", "e-1", "org.releasegovernance.StageLaunched.v1",
                new byte[] {1, 0, 2});

        Map<String, Object> row = jdbc.queryForMap("select * from unreadable_record");
        assertThat(jdbc.queryForObject("select count(*) from unreadable_record", Long.class)).isEqualTo(1);
        assertThat(row.get("record_key")).isEqualTo("gpt-2\uFFFD");
        assertThat(row.get("reason")).isEqualTo("unknown type\uFFFD");
        assertThat(row.get("event_id")).isEqualTo("e-1");
        assertThat(row.get("data")).isEqualTo(new byte[] {1, 0, 2});
        assertThat(jdbc.queryForObject("select headers->>'ce_specversion' from unreadable_record", String.class))
                .isEqualTo("1.0");
        assertThat(meters.counter("test.records.unreadable").count()).isEqualTo(1.0);
    }

    @Test
    void aRecordThatDidNotDeserializeKeepsItsRawBytesTheCausesAsReasonAndItsCloudEventsId() {
        byte[] raw = "not a cloud event".getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("ce_id", "e-2".getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, new byte[] {9}));
        DeserializationException failure = new DeserializationException("failed to deserialize", raw, false,
                new IllegalStateException("no specversion"));

        records.storeUndeserializable(record(8, "gpt-2", headers, null), failure);

        Map<String, Object> row = jdbc.queryForMap("select * from unreadable_record");
        assertThat(row.get("reason")).isEqualTo("failed to deserialize: no specversion");
        assertThat(row.get("event_id")).isEqualTo("e-2");
        assertThat(row.get("data")).isEqualTo(raw);
        assertThat(jdbc.queryForObject("select headers::text from unreadable_record", String.class))
                .doesNotContain(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER);
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String key, RecordHeaders headers,
                                                         byte[] value) {
        return new ConsumerRecord<>("release-governance.events", 2, offset, 0L, TimestampType.CREATE_TIME, 0, 0,
                key, value, headers, Optional.empty());
    }
}
