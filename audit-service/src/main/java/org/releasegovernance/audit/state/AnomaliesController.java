package org.releasegovernance.audit.state;

import io.swagger.v3.oas.annotations.Operation;
import org.releasegovernance.audit.log.AuditLog;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Gaps and duplicates in each release's aggregate sequence, reported rather than skipped. */
@RestController
class AnomaliesController {

    private final JdbcTemplate jdbc;
    private final AuditLog auditLog;

    AnomaliesController(JdbcTemplate jdbc, AuditLog auditLog) {
        this.jdbc = jdbc;
        this.auditLog = auditLog;
    }

    @GetMapping("/api/audit/anomalies")
    @PreAuthorize("hasRole('AUDITOR')")
    @Operation(operationId = "sequenceAnomalies", summary = "Gaps and duplicates in each release's event sequence")
    Anomalies anomalies() {
        List<Anomaly> found = new ArrayList<>();
        jdbc.query("""
                select release_id, sequence, array_agg(event_id::text order by log_index) as events
                  from log_entry group by release_id, sequence having count(*) > 1
                 order by release_id, sequence""", row -> {
            found.add(new Anomaly(row.getString("release_id"), "DUPLICATE", row.getLong("sequence"),
                    row.getLong("sequence"), Arrays.asList((String[]) row.getArray("events").getArray())));
        });
        auditLog.gaps(Integer.MAX_VALUE).forEach(gap -> found.add(new Anomaly(gap.releaseId(), "GAP",
                gap.fromSequence(), gap.toSequence(), List.of())));
        return new Anomalies(found);
    }

    /** The anomalies found, duplicates first. */
    record Anomalies(List<Anomaly> anomalies) {
    }

    /**
     * One anomaly of a release's sequence.
     *
     * @param releaseId     the release
     * @param kind          {@code GAP} (sequences missing) or {@code DUPLICATE} (several events at one sequence)
     * @param fromSequence  the first sequence concerned
     * @param toSequence    the last sequence concerned
     * @param eventIds      the events sharing the sequence, for a duplicate
     */
    record Anomaly(String releaseId, String kind, long fromSequence, long toSequence, List<String> eventIds) {
    }
}
