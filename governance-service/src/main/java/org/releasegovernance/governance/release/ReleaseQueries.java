package org.releasegovernance.governance.release;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.state.ReleaseState;
import org.releasegovernance.events.state.ReleaseStateFold;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The current state of a release, folded from its own event stream. It reads the event store directly, so a read
 * right after a command sees that command's events.
 */
@Component
class ReleaseQueries {

    private final EventStore eventStore;

    ReleaseQueries(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    Optional<ReleaseState> find(String releaseId) {
        ReleaseStateFold fold = new ReleaseStateFold();
        // from the first event: releases are short streams and never snapshotted, so no snapshot query first
        DomainEventStream stream = eventStore.readEvents(releaseId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getPayload() instanceof GovernanceEvent event) {
                fold.apply(event, message.getTimestamp(), message.getSequenceNumber());
            }
        }
        return fold.state();
    }

    ReleaseState get(String releaseId) {
        return find(releaseId).orElseThrow(() -> new RuleViolation(Rule.RELEASE_NOT_FOUND,
                "No release " + releaseId + " is registered."));
    }
}
