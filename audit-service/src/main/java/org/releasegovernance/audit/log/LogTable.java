package org.releasegovernance.audit.log;

import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.tlog.CompactRange;
import org.releasegovernance.tlog.Merkle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One table of log entries under dense indexes: the live log ({@code log_entry}) or a replay's rebuilt log
 * ({@code replay_<id>_entry}, which keeps only the tree's columns). It owns what both do alike, so a replay rebuilds
 * the tree exactly as the live feed built it: appending events in order under a tree's next indexes, each event once
 * by its id, and walking the entries in index order. The caller owns the tree and makes the indexes its own (the live
 * log's head lock, a replay's single thread).
 */
public final class LogTable {

    private static final String LIVE = "log_entry";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final String name;
    private final String insert;
    private final Function<NewEntry, List<Object>> columns;

    private LogTable(JdbcTemplate jdbc, TransactionTemplate readOnly, String name, String insert,
                     Function<NewEntry, List<Object>> columns) {
        this.jdbc = jdbc;
        this.readOnly = readOnly;
        this.name = name;
        this.insert = insert;
        this.columns = columns;
    }

    /** The live log, with the columns the history and state endpoints read beside the signed bytes. */
    static LogTable live(JdbcTemplate jdbc, TransactionTemplate readOnly) {
        return new LogTable(jdbc, readOnly, LIVE, """
                insert into log_entry (log_index, leaf, leaf_hash, event_id, release_id, cloud_event_type, type_name,
                                       stage_id, sequence, position, actor, occurred_at, correlation_id, payload,
                                       data)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""", entry -> {
            EventEnvelope envelope = entry.envelope();
            List<Object> values = new ArrayList<>(12);
            values.add(envelope.eventId());
            values.add(envelope.event().releaseId());
            values.add(entry.cloudEventType());
            values.add(envelope.typeName());
            values.add(envelope.stageId().orElse(null));
            values.add(envelope.sequence());
            values.add(envelope.position());
            values.add(envelope.event().actor());
            values.add(Timestamp.from(envelope.occurredAt()));
            values.add(envelope.correlationId());
            values.add(new String(entry.data(), StandardCharsets.UTF_8));
            values.add(entry.data());
            return values;
        });
    }

    /**
     * A new, empty table for replay {@code id}. It keeps the tree's columns only (index, event id, position, leaf,
     * leaf hash): a replay compares roots, and it must not fail on event data that only the live columns reject.
     */
    static LogTable createReplay(JdbcTemplate jdbc, TransactionTemplate readOnly, long id) {
        String name = "replay_" + id + "_entry";
        jdbc.execute("create table " + name + " (log_index bigint primary key, event_id uuid not null unique, "
                + "position bigint not null, leaf bytea not null, leaf_hash bytea not null)");
        return new LogTable(jdbc, readOnly, name, "insert into " + name
                + " (log_index, leaf, leaf_hash, event_id, position) values (?, ?, ?, ?, ?)",
                entry -> List.of(entry.envelope().eventId(), entry.envelope().position()));
    }

    public String name() {
        return name;
    }

    /** Appends events as {@link #append(List, CompactRange, Consumer)} does, with no one told of each growth. */
    public List<Optional<Long>> append(List<NewEntry> batch, CompactRange tree) {
        return append(batch, tree, grown -> {
        });
    }

    /**
     * Appends the events the table does not hold yet, in the given order, under the tree's next indexes, extending
     * the tree with each one's leaf hash. An event published again (the topic is at-least-once) is appended once.
     *
     * @param tree  the tree of the entries in the table so far; it grows with each appended entry
     * @param grown told of the tree after each entry joins it, e.g. to take the root at a given size
     * @return for each event, its new index, or empty if the table already held it
     */
    public List<Optional<Long>> append(List<NewEntry> batch, CompactRange tree, Consumer<CompactRange> grown) {
        Set<UUID> recorded = eventIdsAmong(batch.stream().map(entry -> entry.envelope().eventId()).toList());
        List<Optional<Long>> indexes = new ArrayList<>(batch.size());
        List<Object[]> rows = new ArrayList<>(batch.size());
        for (NewEntry entry : batch) {
            if (!recorded.add(entry.envelope().eventId())) {
                indexes.add(Optional.empty());
                continue;
            }
            byte[] leafHash = Merkle.leafHash(entry.leaf());
            List<Object> row = new ArrayList<>(List.of(tree.size(), entry.leaf(), leafHash));
            row.addAll(columns.apply(entry));
            rows.add(row.toArray());
            indexes.add(Optional.of(tree.size()));
            tree.append(leafHash);
            grown.accept(tree);
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(insert, rows);
        }
        return indexes;
    }

    /** Which of these event ids the table holds: one query per batch. */
    private Set<UUID> eventIdsAmong(List<UUID> ids) {
        Set<UUID> recorded = new HashSet<>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("select event_id from " + name + " where event_id = any(?)");
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            return statement;
        }, row -> {
            recorded.add(row.getObject(1, UUID.class));
        });
        return recorded;
    }

    /** The leaf hashes of the first {@code treeSize} entries, as stored. */
    public List<byte[]> leafHashes(long treeSize) {
        List<byte[]> hashes = new ArrayList<>((int) Math.min(treeSize, 1_000_000));
        readOnly.executeWithoutResult(status -> jdbc.query("select leaf_hash from " + name
                + " where log_index < ? order by log_index", row -> {
                    hashes.add(row.getBytes(1));
                }, treeSize));
        return hashes;
    }

    /**
     * Reads the entries in index order, from an index up to a tree size, with a streaming cursor (which needs the
     * transaction it is given, else PostgreSQL's driver reads the whole result at once).
     *
     * @param reader called with each entry's index, event id, leaf bytes and stored leaf hash
     */
    public void forEachEntry(long from, long treeSize, EntryReader reader) {
        inIndexOrder("leaf", from, treeSize, 1_000, reader);
    }

    /**
     * Reads the entries' leaf hashes as {@link #forEachEntry} reads the entries, each recomputed by the database from
     * the stored bytes beside the stored one: the bytes are not sent, and PostgreSQL's SHA-256 is native code, while
     * this service's JVM runs without the optimizing compiler that makes Java's fast.
     *
     * @param reader called with each entry's index, event id, leaf hash recomputed from its bytes and stored leaf
     *               hash
     */
    public void forEachRecomputedLeafHash(long from, long treeSize, EntryReader reader) {
        // the schema named, so a function of another schema on the search path cannot stand in for it
        inIndexOrder("pg_catalog.sha256('\\x00'::bytea || leaf)", from, treeSize, 10_000, reader);
    }

    private void inIndexOrder(String leafColumn, long from, long treeSize, int fetchSize, EntryReader reader) {
        readOnly.executeWithoutResult(status -> jdbc.query(connection -> {
            var statement = connection.prepareStatement("select log_index, event_id, " + leafColumn + ", leaf_hash "
                    + "from " + name + " where log_index >= ? and log_index < ? order by log_index");
            statement.setFetchSize(fetchSize);
            statement.setLong(1, from);
            statement.setLong(2, treeSize);
            return statement;
        }, row -> {
            reader.read(row.getLong(1), row.getObject(2, UUID.class), row.getBytes(3), row.getBytes(4));
        }));
    }

    /** Receives log entries as stored: the leaf bytes, or a hash of them, beside the stored leaf hash. */
    @FunctionalInterface
    public interface EntryReader {
        void read(long logIndex, UUID eventId, byte[] leaf, byte[] leafHash);
    }
}
