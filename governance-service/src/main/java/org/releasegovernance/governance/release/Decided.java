package org.releasegovernance.governance.release;

import org.axonframework.eventhandling.DomainEventMessage;

import java.util.List;

/**
 * What a decision stored: the release and the events its command applied, in order, as they were committed. The
 * answer to the decision is the release's state with these events, without reading the release again.
 *
 * @param releaseId the release decided on
 * @param events    the events the command applied; empty when it applied none, or when they are not known
 */
record Decided(String releaseId, List<DomainEventMessage<?>> events) {

    /** Keeps the events of {@code releaseId} only: a command decides on one release. */
    Decided {
        events = events.stream().filter(event -> event.getAggregateIdentifier().equals(releaseId)).toList();
    }
}
