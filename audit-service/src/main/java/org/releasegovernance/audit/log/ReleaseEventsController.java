package org.releasegovernance.audit.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import org.releasegovernance.problems.Refusal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/** Auditors read a release's recorded history. */
@RestController
class ReleaseEventsController {

    private final AuditLog auditLog;
    private final ObjectMapper json;

    ReleaseEventsController(AuditLog auditLog, ObjectMapper json) {
        this.auditLog = auditLog;
        this.json = json;
    }

    /** A release's events in stream order; 404 {@code release-not-found} if none is recorded. */
    @GetMapping("/api/audit/releases/{releaseId}/events")
    @PreAuthorize("hasRole('AUDITOR')")
    @Operation(operationId = "releaseEvents", summary = "A release's recorded events in stream order")
    ReleaseEvents releaseEvents(@PathVariable String releaseId) {
        List<LogEntry> entries = auditLog.releaseHistory(releaseId);
        if (entries.isEmpty()) {
            throw Refusal.notFound("release-not-found",
                    "No event of release '" + releaseId + "' is recorded in the audit log.");
        }
        return new ReleaseEvents(releaseId, entries.stream().map(this::audited).toList());
    }

    private ReleaseEvents.AuditedEvent audited(LogEntry entry) {
        return new ReleaseEvents.AuditedEvent(entry.eventId(), entry.typeName(), entry.cloudEventType(),
                entry.sequence(), entry.position(), entry.logIndex(),
                Base64.getEncoder().encodeToString(entry.leafHash()), entry.actor(), entry.stageId(),
                entry.occurredAt(), entry.correlationId(), payload(entry));
    }

    private JsonNode payload(LogEntry entry) {
        try {
            return json.readTree(entry.data());
        } catch (IOException e) {
            throw new UncheckedIOException("log entry " + entry.logIndex() + " holds data that is not JSON", e);
        }
    }
}
