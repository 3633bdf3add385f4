package org.releasegovernance.audit.log;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of the audit log as stored.
 *
 * @param logIndex       the entry's place in the log, dense from 0, in the order entries were committed
 * @param eventId        the event id (CloudEvents {@code id})
 * @param releaseId      the release the event belongs to
 * @param cloudEventType the versioned CloudEvents type, e.g. {@code org.releasegovernance.VoteCast.v1}
 * @param typeName       the short type name, e.g. {@code VoteCast}
 * @param stageId        the stage, or {@code null} for release-level events
 * @param sequence       the event's place in its release's stream
 * @param position       the event's global position in the governance event store
 * @param actor          who caused the event
 * @param occurredAt     when the governance service stored the event
 * @param correlationId  the correlation id of the request that caused it, or {@code null}
 * @param data           the event JSON exactly as it was published
 * @param leafHash       the stored RFC 9162 leaf hash of the entry's canonical bytes
 * @param recordedAt     when this service appended the entry
 */
public record LogEntry(long logIndex, UUID eventId, String releaseId, String cloudEventType, String typeName,
                       String stageId, long sequence, long position, String actor, Instant occurredAt,
                       String correlationId, byte[] data, byte[] leafHash,
                       Instant recordedAt) {
}
