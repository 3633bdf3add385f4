package org.releasegovernance.audit.state;

import io.swagger.v3.oas.annotations.Operation;
import org.releasegovernance.audit.log.AuditLog;
import org.releasegovernance.audit.log.LogEntry;
import org.releasegovernance.problems.Refusal;
import org.releasegovernance.events.EventTypes;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.GovernanceJson;
import org.releasegovernance.events.state.ReleaseState;
import org.releasegovernance.events.state.ReleaseStateFold;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A release's state as it was at an instant: its recorded events up to that instant folded with the same
 * {@link ReleaseStateFold} the governance service uses, so both show the same state.
 */
@RestController
class ReleaseStateController {

    private final AuditLog auditLog;

    ReleaseStateController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    /** 404 {@code release-not-found} if the release was not registered by then. */
    @GetMapping("/api/audit/releases/{releaseId}/state")
    @PreAuthorize("hasRole('AUDITOR')")
    @Operation(operationId = "releaseStateAsOf", summary = "A release's state as it was at an instant")
    StateAsOf state(@PathVariable String releaseId, @RequestParam Instant asOf) {
        ReleaseStateFold fold = new ReleaseStateFold();
        for (LogEntry entry : auditLog.releaseHistory(releaseId)) {
            if (!entry.occurredAt().isAfter(asOf)) {
                fold.apply(event(entry), entry.occurredAt(), entry.sequence());
            }
        }
        ReleaseState state = fold.state().orElseThrow(() -> Refusal.notFound("release-not-found",
                "Release '" + releaseId + "' was not registered as of " + asOf + "."));
        return new StateAsOf(asOf, state);
    }

    private static GovernanceEvent event(LogEntry entry) {
        Class<? extends GovernanceEvent> type = EventTypes.forCloudEventType(entry.cloudEventType())
                .orElseThrow(() -> new IllegalStateException("log entry " + entry.logIndex() + " has unknown type "
                        + entry.cloudEventType()));
        try {
            return GovernanceJson.mapper().readValue(entry.data(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("log entry " + entry.logIndex() + " cannot be read", e);
        }
    }

    /**
     * A release's state at an instant.
     *
     * @param asOf    the instant
     * @param release the state: stages, their votes (each with a {@code vote} field) and decisions
     */
    record StateAsOf(Instant asOf, ReleaseState release) {
    }
}
