package org.releasegovernance.events;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One event as it travels on Kafka: the event itself plus the metadata the publisher attached.
 *
 * @param eventId       the event id, stable across re-publication (the CloudEvents {@code id})
 * @param occurredAt    when the event was stored (the CloudEvents {@code time})
 * @param sequence      the event's position in its release's own stream, starting at 0
 * @param position      the event's global position in the governance event store; orders all events
 * @param correlationId the correlation id of the request that caused it, if any
 * @param event         the event
 */
public record EventEnvelope(UUID eventId, Instant occurredAt, long sequence, long position, String correlationId,
                            GovernanceEvent event) {

    /** The short type name, e.g. {@code StageReleased}. */
    public String typeName() {
        return EventTypes.name(event.getClass());
    }

    /** The stage the event is about, if it is about one. */
    public Optional<String> stageId() {
        return event instanceof StageEvent stageEvent ? Optional.of(stageEvent.stageId()) : Optional.empty();
    }
}
