package org.releasegovernance.notifier.subscription;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A subscriber's wish to hear of some events. The secret is never part of it: it is shown once, on creation.
 *
 * @param eventTypes short event type names, e.g. {@code StageReleased}
 * @param releaseIds releases of interest; empty for all
 */
public record Subscription(UUID id, Channel channel, String url, List<String> eventTypes, List<String> releaseIds,
                           String createdBy, Instant createdAt) {

    /** Whether an event of this type about this release concerns the subscriber. */
    public boolean matches(String eventType, String releaseId) {
        return eventTypes.contains(eventType) && (releaseIds.isEmpty() || releaseIds.contains(releaseId));
    }
}
