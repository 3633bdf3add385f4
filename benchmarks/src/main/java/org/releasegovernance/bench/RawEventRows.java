package org.releasegovernance.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The rows both raw lines of scenario 1 insert: copies of a stored release's event rows (same types and sizes),
 * appended to {@code bench_raw.domain_event_entry} as governance-service appends events, by the raw JDBC clients and
 * by the raw HTTP+JDBC server alike.
 */
final class RawEventRows {

    /** The insert of one event row, global index from the copy's own sequence. */
    static final String INSERT = """
            insert into bench_raw.domain_event_entry (global_index, aggregate_identifier, sequence_number, type,
                event_identifier, payload_type, payload_revision, payload, meta_data, time_stamp)
            values (nextval('bench_raw.domain_event_entry_seq'), ?, ?, ?, ?, ?, null, ?, ?, ?)""";

    /** One stored event row, as a template for the raw inserts. */
    record Row(String type, String payloadType, byte[] payload, byte[] metaData, String timeStamp) {
    }

    private RawEventRows() {
    }

    /** The stored rows of a release, in order. */
    static List<Row> template(Connection connection, String releaseId) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select type, payload_type, payload, meta_data, time_stamp from governance.domain_event_entry
                 where aggregate_identifier = ? order by sequence_number""")) {
            query.setString(1, releaseId);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getString(2), result.getBytes(3),
                            result.getBytes(4), result.getString(5)));
                }
            }
        }
        return rows;
    }

    /** Inserts {@code count} rows of {@code releaseId} from sequence number {@code first}, copied from the template. */
    static void append(PreparedStatement insert, List<Row> template, String releaseId, long first, int count)
            throws SQLException {
        for (long sequence = first; sequence < first + count; sequence++) {
            Row row = template.get((int) (sequence % template.size()));
            insert.setString(1, releaseId);
            insert.setLong(2, sequence);
            insert.setString(3, row.type());
            insert.setString(4, UUID.randomUUID().toString());
            insert.setString(5, row.payloadType());
            insert.setBytes(6, row.payload());
            insert.setBytes(7, row.metaData());
            insert.setString(8, row.timeStamp());
            insert.executeUpdate();
        }
    }
}
