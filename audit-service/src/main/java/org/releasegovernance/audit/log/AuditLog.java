package org.releasegovernance.audit.log;

import org.releasegovernance.audit.checkpoint.Checkpoints;
import org.releasegovernance.tlog.CompactRange;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The append-only audit log. Each event is stored once (by event id) under the next log index with its canonical
 * bytes and RFC 9162 leaf hash ({@link LogTable}); the index and the tree's compact range are taken from a locked head
 * row in the same transaction, so indexes are dense, follow commit order, and every append extends one tree. Beside
 * the tree it answers what auditors ask of the events: a release's history, gaps and duplicates in its sequence,
 * events of the topic it could not store.
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
    private final AppenderLease lease;
    private final LogTable entries;

    public AuditLog(JdbcTemplate jdbc, Checkpoints checkpoints, AppenderLease lease, LogTables tables) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
        this.lease = lease;
        this.entries = tables.live();
    }

    /**
     * Appends events, in the given order, each unless its id is already in the log, and signs the checkpoint of
     * the new tree in the same transaction, provided the appender lease is still the one given: the lease is renewed
     * (and its row locked) first, in this transaction, so a holder that lost it appends and signs nothing.
     *
     * @return for each event, its new log index, or empty if it was already recorded
     * @throws AppenderLease.AppenderLeaseLost if another instance took the lease
     */
    @Transactional
    public List<Optional<Long>> append(List<NewEntry> batch, AppenderLease.Held appender) {
        lease.renew(appender);
        Map<String, Object> head = jdbc.queryForMap("select next_index, compact_range from log_head for update");
        long next = (Long) head.get("next_index");
        CompactRange tree = CompactRange.of(next, (byte[]) head.get("compact_range"));
        // appends are serialized by the head lock, so ids committed by another instance are visible to the table
        List<Optional<Long>> indexes = entries.append(batch, tree);
        if (tree.size() > next) {
            jdbc.update("update log_head set next_index = ?, compact_range = ?", tree.size(), tree.toBytes());
            checkpoints.sign(tree.size(), tree.root());
        }
        return indexes;
    }

    /** The log's entries: their leaf hashes and the walk over them in index order. */
    public LogTable entries() {
        return entries;
    }

    /** The number of entries. */
    public long size() {
        return jdbc.queryForObject("select next_index from log_head", Long.class);
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

    /** Sequences that several events of one release claim, by release and sequence. */
    @Transactional(readOnly = true)
    public List<Duplicate> duplicates() {
        return jdbc.query("""
                select release_id, sequence, array_agg(event_id::text order by log_index) as events
                  from log_entry group by release_id, sequence having count(*) > 1
                 order by release_id, sequence""", (row, rowNumber) -> new Duplicate(row.getString("release_id"),
                row.getLong("sequence"), Arrays.asList((String[]) row.getArray("events").getArray())));
    }

    /**
     * The first entry below {@code treeSize} whose columns, which the history and state endpoints read, say something
     * else than its signed leaf bytes: a rewrite that leaves the leaf alone but changes what auditors are shown.
     * Not in a transaction: when some stored bytes are not a JSON object, the fast comparison fails and the tolerant
     * one runs.
     */
    public Optional<Long> firstEntryWhoseColumnsDifferFromItsLeaf(long treeSize) {
        try {
            // jsonb_to_record parses each leaf once and lets PostgreSQL split the scan among parallel workers
            return firstEntry("""
                    select min(l.log_index) from log_entry l
                     cross join lateral jsonb_to_record(leaf_json_or_fail(l.leaf)) as e(data jsonb, id text, type text,
                         source text, subject text, actor text, sequence text, position text, correlationid text,
                         time text)
                     where l.log_index < ? and (e.data is distinct from leaf_json_or_fail(l.data)
                        or e.data is distinct from l.payload
                        or e.id is distinct from l.event_id::text
                        or e.type is distinct from l.cloud_event_type
                        or e.source is distinct from '/releases/' || l.release_id
                        or e.subject is distinct from l.stage_id
                        or e.actor is distinct from l.actor
                        or e.sequence is distinct from l.sequence::text
                        or e.position is distinct from l.position::text
                        or e.correlationid is distinct from l.correlation_id
                        or e.time::timestamptz is distinct from l.occurred_at)""", treeSize);
        } catch (DataAccessException e) {
            if (!isDataException(e)) {
                throw e;
            }
            // leaf_json reads bytes that are not JSON as null, which no column equals; one entry at a time, and
            // "offset 0" keeps PostgreSQL from flattening the subquery, which would parse the leaf per use of e
            return firstEntry("""
                    select min(log_index) from log_entry
                     cross join lateral (select leaf_json(leaf) as e offset 0) signed
                     where log_index < ? and (e->'data' is distinct from leaf_json(data)
                        or e->'data' is distinct from payload
                        or e->>'id' is distinct from event_id::text
                        or e->>'type' is distinct from cloud_event_type
                        or e->>'source' is distinct from '/releases/' || release_id
                        or e->>'subject' is distinct from stage_id
                        or e->>'actor' is distinct from actor
                        or e->>'sequence' is distinct from sequence::text
                        or e->>'position' is distinct from position::text
                        or e->>'correlationid' is distinct from correlation_id
                        or (e->>'time')::timestamptz is distinct from occurred_at)""", treeSize);
        }
    }

    private Optional<Long> firstEntry(String query, long treeSize) {
        return Optional.ofNullable(jdbc.queryForObject(query, Long.class, treeSize));
    }

    /** Whether the database refused a value (SQL state class 22, "data exception"): retrying cannot help. */
    public static boolean isDataException(DataAccessException e) {
        return e.getMostSpecificCause() instanceof SQLException sql && sql.getSQLState() != null
                && sql.getSQLState().startsWith("22");
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

    /** Several events of a release claim one {@code sequence}. */
    public record Duplicate(String releaseId, long sequence, List<String> eventIds) {
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
