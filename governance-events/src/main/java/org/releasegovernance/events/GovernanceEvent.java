package org.releasegovernance.events;

/**
 * A fact recorded about one release. Every event names the release it belongs to and the authenticated
 * principal who caused it; the CloudEvents type of each event is given by {@link EventTypes}.
 */
public sealed interface GovernanceEvent
        permits ReleaseRegistered, PolicyAmended, StageEvent {

    /** The release (model family) this event belongs to, e.g. {@code gpt-2}. Also the Kafka key. */
    String releaseId();

    /** The authenticated principal who caused the event. */
    String actor();
}
