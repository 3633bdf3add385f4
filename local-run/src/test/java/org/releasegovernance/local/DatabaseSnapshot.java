package org.releasegovernance.local;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every user table of the system's one PostgreSQL database (the services' schemas and any table created since, such
 * as a replay's), each with its row count and a digest of its rows' contents, so an update is seen as well as an
 * insert or a delete.
 */
record DatabaseSnapshot(Map<String, Table> tables) {

    /**
     * Tables that change while nobody writes, compared by row count only. Each is named with its reason; every other
     * table must stay byte-identical. (The consumers' Kafka offsets are kept by the broker, not in this database.)
     */
    static final Map<String, String> COUNTED_ONLY = Map.of(
            "governance.token_entry", "Axon's tracking processors extend their claims and move their tokens on "
                    + "their own schedule",
            "governance.scheduled_tasks", "db-scheduler's heartbeats and pick-ups of tasks that were already due",
            "audit.appender_lease", "the audit appender renews its lease while it runs");

    record Table(long rows, String digest) {
    }

    static DatabaseSnapshot take(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     select table_schema || '.' || table_name from information_schema.tables
                     where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
                     order by 1""")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        StringBuilder query = new StringBuilder();
        for (String name : names) {
            if (!query.isEmpty()) {
                query.append(" union all ");
            }
            String digest = COUNTED_ONLY.containsKey(name) ? "''"
                    : "coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '')";
            query.append("select '").append(name).append("', count(*), ").append(digest).append(" from ")
                    .append(quoted(name)).append(" t");
        }
        Map<String, Table> tables = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query.toString())) {
            while (rows.next()) {
                tables.put(rows.getString(1), new Table(rows.getLong(2), rows.getString(3)));
            }
        }
        return new DatabaseSnapshot(tables);
    }

    /** What differs from an earlier snapshot, one phrase per table; empty when nothing was stored. */
    List<String> changesSince(DatabaseSnapshot before) {
        Set<String> names = new TreeSet<>(before.tables.keySet());
        names.addAll(tables.keySet());
        List<String> changes = new ArrayList<>();
        for (String name : names) {
            Table was = before.tables.get(name);
            Table is = tables.get(name);
            if (was == null) {
                changes.add("new table " + name);
            } else if (is == null) {
                changes.add("table " + name + " dropped");
            } else if (was.rows() != is.rows()) {
                changes.add(name + " " + was.rows() + " -> " + is.rows() + " rows");
            } else if (!was.digest().equals(is.digest())) {
                changes.add(name + " rows changed");
            }
        }
        return changes;
    }

    long rows(String table) {
        Table found = tables.get(table);
        return found == null ? 0 : found.rows();
    }

    private static String quoted(String qualifiedName) {
        String[] parts = qualifiedName.split("\\.", 2);
        return "\"" + parts[0].replace("\"", "\"\"") + "\".\"" + parts[1].replace("\"", "\"\"") + "\"";
    }
}
