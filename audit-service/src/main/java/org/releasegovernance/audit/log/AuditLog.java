package org.releasegovernance.audit.log;

import org.releasegovernance.events.EventEnvelope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The append-only audit log. Each event is stored once (by event id) under the next log index; the index is taken
 * from a locked counter row in the same transaction, so indexes are dense and follow commit order.
 */
@Repository
public class AuditLog {

    private static final RowMapper<LogEntry> ENTRY = AuditLog::entry;

    private final JdbcTemplate jdbc;

    public AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends an event unless its id is already in the log.
     *
     * @param envelope       the event read from the topic
     * @param cloudEventType the CloudEvents type it was published under
     * @param data           the event JSON exactly as published
     * @return the new entry's log index, or empty if the event was already recorded
     */
    @Transactional
    public Optional<Long> append(EventEnvelope envelope, String cloudEventType, byte[] data) {
        Long next = jdbc.queryForObject("select next_index from log_head for update", Long.class);
        int inserted = jdbc.update("""
                        insert into log_entry (event_id, log_index, release_id, cloud_event_type, type_name, stage_id,
                                               sequence, position, actor, occurred_at, correlation_id, payload, data)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                        on conflict (event_id) do nothing""",
                envelope.eventId(), next, envelope.event().releaseId(), cloudEventType, envelope.typeName(),
                envelope.stageId().orElse(null), envelope.sequence(), envelope.position(), envelope.event().actor(),
                Timestamp.from(envelope.occurredAt()), envelope.correlationId(),
                new String(data, StandardCharsets.UTF_8), data);
        if (inserted == 0) {
            return Optional.empty();
        }
        jdbc.update("update log_head set next_index = ?", next + 1);
        return Optional.of(next);
    }

    /** A release's entries in the order of its stream (sequence), empty if none was recorded. */
    @Transactional(readOnly = true)
    public List<LogEntry> releaseHistory(String releaseId) {
        return jdbc.query("""
                select log_index, event_id, release_id, cloud_event_type, type_name, stage_id, sequence, position,
                       actor, occurred_at, correlation_id, data, recorded_at
                  from log_entry
                 where release_id = ?
                 order by sequence, log_index""", ENTRY, releaseId);
    }

    private static LogEntry entry(ResultSet row, int rowNumber) throws SQLException {
        return new LogEntry(
                row.getLong("log_index"),
                row.getObject("event_id", UUID.class),
                row.getString("release_id"),
                row.getString("cloud_event_type"),
                row.getString("type_name"),
                row.getString("stage_id"),
                row.getLong("sequence"),
                row.getLong("position"),
                row.getString("actor"),
                row.getTimestamp("occurred_at").toInstant(),
                row.getString("correlation_id"),
                row.getBytes("data"),
                row.getTimestamp("recorded_at").toInstant());
    }
}
