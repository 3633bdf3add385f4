package org.releasegovernance.audit.log;

import org.releasegovernance.audit.checkpoint.Checkpoints;
import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.tlog.CompactRange;
import org.releasegovernance.tlog.Merkle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The append-only audit log. Each event is stored once (by event id) under the next log index with its canonical
 * bytes and RFC 9162 leaf hash; the index and the tree's compact range are taken from a locked head row in the same
 * transaction, so indexes are dense, follow commit order, and every append extends one tree.
 */
@Repository
public class AuditLog {

    /** At most this many gaps and unstored events are listed by {@link #completeness()}. */
    public static final int MISSING_LISTED = 100;
    private static final RowMapper<LogEntry> ENTRY = AuditLog::entry;
    /** An unreadable record's id is compared as a UUID, so the log's primary key finds it; other ids never match. */
    private static final String UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    private final JdbcTemplate jdbc;
    private final Checkpoints checkpoints;

    public AuditLog(JdbcTemplate jdbc, Checkpoints checkpoints) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
    }

    /**
     * Appends events, in the given order, each unless its id is already in the log, and signs the checkpoint of
     * the new tree in the same transaction.
     *
     * @return for each event, its new log index, or empty if it was already recorded
     */
    @Transactional
    public List<Optional<Long>> append(List<NewEntry> batch) {
        Map<String, Object> head = jdbc.queryForMap("select next_index, compact_range from log_head for update");
        long next = (Long) head.get("next_index");
        CompactRange tree = CompactRange.of(next, (byte[]) head.get("compact_range"));
        // appends are serialized by the head lock, so ids committed by another instance are visible here
        Set<UUID> recorded = recordedAmong(batch);
        List<Optional<Long>> indexes = new ArrayList<>(batch.size());
        List<Object[]> rows = new ArrayList<>(batch.size());
        for (NewEntry entry : batch) {
            EventEnvelope envelope = entry.envelope();
            if (!recorded.add(envelope.eventId())) {
                indexes.add(Optional.empty());
                continue;
            }
            byte[] leafHash = Merkle.leafHash(entry.leaf());
            rows.add(new Object[] {envelope.eventId(), tree.size(), envelope.event().releaseId(),
                    entry.cloudEventType(), envelope.typeName(), envelope.stageId().orElse(null), envelope.sequence(),
                    envelope.position(), envelope.event().actor(), Timestamp.from(envelope.occurredAt()),
                    envelope.correlationId(), new String(entry.data(), StandardCharsets.UTF_8), entry.data(),
                    entry.leaf(), leafHash});
            indexes.add(Optional.of(tree.size()));
            tree.append(leafHash);
        }
        jdbc.batchUpdate("""
                insert into log_entry (event_id, log_index, release_id, cloud_event_type, type_name, stage_id,
                                       sequence, position, actor, occurred_at, correlation_id, payload, data, leaf,
                                       leaf_hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""", rows);
        if (tree.size() > next) {
            jdbc.update("update log_head set next_index = ?, compact_range = ?", tree.size(), tree.toBytes());
            checkpoints.sign(tree.size(), tree.root());
        }
        return indexes;
    }

    private Set<UUID> recordedAmong(List<NewEntry> batch) {
        return eventIdsIn(jdbc, "log_entry", batch.stream().map(entry -> entry.envelope().eventId()).toList());
    }

    /**
     * Which of these event ids a log table (the live {@code log_entry} or a replay's table) already holds: one query
     * per batch, so an event published again is appended once.
     */
    public static Set<UUID> eventIdsIn(JdbcTemplate jdbc, String table, List<UUID> ids) {
        Set<UUID> recorded = new HashSet<>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("select event_id from " + table + " where event_id = any(?)");
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            return statement;
        }, row -> {
            recorded.add(row.getObject(1, UUID.class));
        });
        return recorded;
    }

    /** The number of entries. */
    public long size() {
        return jdbc.queryForObject("select next_index from log_head", Long.class);
    }

    /** The leaf hashes of the first {@code treeSize} entries, as stored. */
    @Transactional(readOnly = true)
    public List<byte[]> leafHashes(long treeSize) {
        List<byte[]> hashes = new ArrayList<>((int) Math.min(treeSize, 1_000_000));
        jdbc.query("select leaf_hash from log_entry where log_index < ? order by log_index",
                row -> {
                    hashes.add(row.getBytes(1));
                }, treeSize);
        return hashes;
    }

    /**
     * Reads the entries in log order, from an index up to a tree size, with a streaming cursor.
     *
     * @param reader called with each entry's index, event id, leaf bytes and stored leaf hash
     */
    @Transactional(readOnly = true)
    public void forEachEntry(long from, long treeSize, EntryReader reader) {
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("select log_index, event_id, leaf, leaf_hash from log_entry "
                    + "where log_index >= ? and log_index < ? order by log_index");
            statement.setFetchSize(1_000);
            statement.setLong(1, from);
            statement.setLong(2, treeSize);
            return statement;
        }, row -> {
            reader.read(row.getLong(1), row.getObject(2, UUID.class), row.getBytes(3), row.getBytes(4));
        });
    }

    /** Receives log entries as stored. */
    @FunctionalInterface
    public interface EntryReader {
        void read(long logIndex, UUID eventId, byte[] leaf, byte[] leafHash);
    }

    /**
     * An event to append.
     *
     * @param envelope       the event read from the topic
     * @param cloudEventType the CloudEvents type it was published under
     * @param data           the event JSON exactly as published
     * @param leaf           its canonical bytes ({@link CanonicalEntry}), which the leaf hash covers
     */
    public record NewEntry(EventEnvelope envelope, String cloudEventType, byte[] data, byte[] leaf) {
    }

    /**
     * What the log lacks: sequences missing from a release's stream, and events of the topic it could not store
     * (kept as unreadable records). Each list holds at most {@value #MISSING_LISTED} items, the earliest first.
     */
    @Transactional(readOnly = true)
    public Completeness completeness() {
        return new Completeness(gaps(MISSING_LISTED), unstoredEvents(MISSING_LISTED));
    }

    /** Sequences missing from releases' streams, by release and sequence. */
    @Transactional(readOnly = true)
    public List<Gap> gaps(int limit) {
        return jdbc.query("""
                select release_id, previous + 1 as first_missing, sequence - 1 as last_missing
                  from (select release_id, sequence,
                               coalesce(lag(sequence) over (partition by release_id order by sequence), -1) as previous
                          from (select distinct release_id, sequence from log_entry) sequences) steps
                 where sequence > previous + 1
                 order by release_id, first_missing
                 limit ?""", (row, rowNumber) -> new Gap(row.getString("release_id"), row.getLong("first_missing"),
                row.getLong("last_missing")), limit);
    }

    /** Events (records with a CloudEvents id) that reached the topic but are not in the log, in topic order. */
    @Transactional(readOnly = true)
    public List<UnstoredEvent> unstoredEvents(int limit) {
        return jdbc.query("""
                select record_key, event_id, cloud_event_type, reason
                  from unreadable_record u
                 where event_id is not null
                   and not exists (select 1 from log_entry l
                                    where l.event_id = case when u.event_id ~* ?
                                                            then u.event_id::uuid end)
                 order by kafka_partition, kafka_offset
                 limit ?""", (row, rowNumber) -> new UnstoredEvent(row.getString("record_key"),
                row.getString("event_id"), row.getString("cloud_event_type"), row.getString("reason")),
                UUID_PATTERN, limit);
    }

    /**
     * What the log lacks.
     *
     * @param gaps     sequences missing from releases' streams
     * @param unstored events of the topic the log could not store
     */
    public record Completeness(List<Gap> gaps, List<UnstoredEvent> unstored) {

        public boolean isComplete() {
            return gaps.isEmpty() && unstored.isEmpty();
        }

        /** One sentence naming the first of each kind of hole, for a report or a health check. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (!gaps.isEmpty()) {
                Gap first = gaps.get(0);
                parts.add(gaps.size() + (gaps.size() == MISSING_LISTED ? "+" : "") + " gap(s) in releases' "
                        + "sequences, first release " + first.releaseId() + " sequence " + first.fromSequence()
                        + (first.toSequence() > first.fromSequence() ? ".." + first.toSequence() : ""));
            }
            if (!unstored.isEmpty()) {
                UnstoredEvent first = unstored.get(0);
                parts.add(unstored.size() + (unstored.size() == MISSING_LISTED ? "+" : "")
                        + " event(s) of the topic could not be stored, first event " + first.eventId()
                        + " of release " + first.releaseId() + ": " + first.reason());
            }
            return "the log is incomplete: " + String.join("; ", parts);
        }
    }

    /** Sequences {@code fromSequence..toSequence} of a release are not in the log. */
    public record Gap(String releaseId, long fromSequence, long toSequence) {
    }

    /** An event that reached the topic but could not be stored, with the reason. */
    public record UnstoredEvent(String releaseId, String eventId, String cloudEventType, String reason) {
    }

    /** A release's entries in the order of its stream (sequence), empty if none was recorded. */
    @Transactional(readOnly = true)
    public List<LogEntry> releaseHistory(String releaseId) {
        return jdbc.query("""
                select log_index, event_id, release_id, cloud_event_type, type_name, stage_id, sequence, position,
                       actor, occurred_at, correlation_id, data, leaf_hash, recorded_at
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
                row.getBytes("leaf_hash"),
                row.getTimestamp("recorded_at").toInstant());
    }
}
