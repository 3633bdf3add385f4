package org.releasegovernance.audit.log;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A release's recorded history, as auditors read it.
 *
 * @param releaseId the release
 * @param events    its events in stream order (by sequence)
 */
public record ReleaseEvents(String releaseId, List<AuditedEvent> events) {

    public ReleaseEvents {
        events = List.copyOf(events);
    }

    /**
     * One recorded event.
     *
     * @param eventId        the event id (CloudEvents {@code id})
     * @param type           the short type name, e.g. {@code VoteCast}
     * @param cloudEventType the versioned CloudEvents type, e.g. {@code org.releasegovernance.VoteCast.v1}
     * @param sequence       the event's place in the release's stream, from 0
     * @param position       the event's global position in the governance event store
     * @param logIndex       the entry's index in the audit log
     * @param leafHash       the entry's RFC 9162 leaf hash (base64), as used in inclusion proofs
     * @param actor          the authenticated principal who caused the event
     * @param stageId        the stage, or {@code null} for release-level events
     * @param occurredAt     when the governance service stored the event
     * @param correlationId  the correlation id of the request that caused it, or {@code null}
     * @param payload        the event JSON as published
     */
    public record AuditedEvent(UUID eventId, String type, String cloudEventType, long sequence, long position,
                               long logIndex, String leafHash, String actor, String stageId, Instant occurredAt,
                               String correlationId, JsonNode payload) {
    }
}
