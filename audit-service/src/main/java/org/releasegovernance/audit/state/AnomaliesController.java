package org.releasegovernance.audit.state;

import io.swagger.v3.oas.annotations.Operation;
import org.releasegovernance.audit.log.AuditLog;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/** Gaps and duplicates in each release's aggregate sequence, reported rather than skipped. */
@RestController
class AnomaliesController {

    private final AuditLog auditLog;

    AnomaliesController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping("/api/audit/anomalies")
    @PreAuthorize("hasRole('AUDITOR')")
    @Operation(operationId = "sequenceAnomalies", summary = "Gaps and duplicates in each release's event sequence")
    Anomalies anomalies() {
        List<Anomaly> found = new ArrayList<>();
        auditLog.duplicates().forEach(duplicate -> found.add(new Anomaly(duplicate.releaseId(), "DUPLICATE",
                duplicate.sequence(), duplicate.sequence(), duplicate.eventIds())));
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
