package org.releasegovernance.governance.release;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.state.ReleaseState;
import org.releasegovernance.events.state.ReleaseStateFold;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The current state of a release, folded from its own event stream. It reads the event store directly, so a read
 * right after a command sees that command's events, whichever instance took it.
 *
 * <p>A release's stored events never change and its sequence numbers have no gaps, so the events of the releases
 * read lately are kept, and a read asks the store only for the events after them. A decision's answer needs no read
 * at all when the events kept end where the decision's own begin ({@link #afterDecision}). Events are kept only
 * once committed (an event read inside a transaction that later rolls back never existed), and the kept prefix is
 * folded afresh on every read.
 */
@Component
class ReleaseQueries {

    /** Releases whose events are kept; a release's events take a few KiB, so this stays within a few MiB. */
    static final int KEPT_RELEASES = 1_000;

    private final EventStore eventStore;
    private final Map<String, History> kept = Collections.synchronizedMap(
            new LinkedHashMap<>(KEPT_RELEASES, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, History> eldest) {
                    return size() > KEPT_RELEASES;
                }
            });

    ReleaseQueries(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    Optional<ReleaseState> find(String releaseId) {
        History known = kept.getOrDefault(releaseId, History.NONE);
        List<Stored> events = new ArrayList<>(known.events());
        long next = known.nextSequence();
        DomainEventStream stream = eventStore.readEvents(releaseId, next);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getPayload() instanceof GovernanceEvent event) {
                events.add(new Stored(event, message.getTimestamp(), message.getSequenceNumber()));
            }
            next = message.getSequenceNumber() + 1;
        }
        if (next > known.nextSequence()) {
            keepOnceCommitted(releaseId, new History(List.copyOf(events), next));
        }
        return fold(events);
    }

    private static Optional<ReleaseState> fold(List<Stored> events) {
        ReleaseStateFold fold = new ReleaseStateFold();
        for (Stored stored : events) {
            fold.apply(stored.event(), stored.at(), stored.sequence());
        }
        return fold.state();
    }

    /**
     * The release as a decision left it: the events kept of it and the events the decision applied, when those kept
     * end right where the decision's begin (the decision was taken on the state they make); otherwise, as a read.
     */
    ReleaseState afterDecision(Decided decided) {
        History known = kept.getOrDefault(decided.releaseId(), History.NONE);
        List<DomainEventMessage<?>> applied = decided.events();
        if (applied.isEmpty() || applied.get(0).getSequenceNumber() != known.nextSequence()) {
            return get(decided.releaseId());
        }
        List<Stored> events = new ArrayList<>(known.events());
        for (DomainEventMessage<?> message : applied) {
            if (message.getPayload() instanceof GovernanceEvent event) {
                // the instant as the store keeps it (milliseconds), so the answer equals any later read
                Instant stored = DateTimeUtils.parseInstant(DateTimeUtils.formatInstant(message.getTimestamp()));
                events.add(new Stored(event, stored, message.getSequenceNumber()));
            }
        }
        History history = new History(List.copyOf(events),
                applied.get(applied.size() - 1).getSequenceNumber() + 1);
        keepOnceCommitted(decided.releaseId(), history);
        return fold(history.events()).orElseThrow();
    }

    ReleaseState get(String releaseId) {
        return find(releaseId).orElseThrow(() -> new RuleViolation(Rule.RELEASE_NOT_FOUND,
                "No release " + releaseId + " is registered."));
    }

    private void keepOnceCommitted(String releaseId, History history) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    keep(releaseId, history);
                }
            });
        } else {
            keep(releaseId, history);
        }
    }

    /** Keeps the longer of what is kept and {@code history}: reads of one release may finish in any order. */
    private void keep(String releaseId, History history) {
        kept.merge(releaseId, history,
                (known, read) -> read.nextSequence() > known.nextSequence() ? read : known);
    }

    private record Stored(GovernanceEvent event, Instant at, long sequence) {
    }

    /** A release's events from its first, and the sequence number of the next one. */
    private record History(List<Stored> events, long nextSequence) {
        static final History NONE = new History(List.of(), 0);
    }
}
