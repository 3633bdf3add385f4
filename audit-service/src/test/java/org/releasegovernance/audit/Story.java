package org.releasegovernance.audit;

import org.releasegovernance.events.EventEnvelope;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.Gpt2;
import org.releasegovernance.events.ReleaseRegistered;
import org.releasegovernance.events.StageApproved;
import org.releasegovernance.events.StageProposed;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.events.VoteCast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** The GPT-2 story as the governance service would publish it, told about a release of the test's own. */
public final class Story {

    private static final Instant STORY_START = Instant.parse("2019-02-14T17:00:00Z");
    private static final AtomicLong POSITIONS = new AtomicLong(1_000);

    private Story() {
    }

    /** A release id no other test uses (the database and the topic are shared by all tests of the JVM). */
    public static String uniqueReleaseId() {
        return "gpt-2-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The six events of {@link Gpt2#stage117MStory()} about the given release, with sequences 0 to 5. */
    public static List<EventEnvelope> stage117M(String releaseId) {
        List<EventEnvelope> envelopes = new ArrayList<>();
        for (GovernanceEvent event : Gpt2.stage117MStory()) {
            envelopes.add(envelope(forRelease(event, releaseId), envelopes.size(), releaseId));
        }
        return envelopes;
    }

    /** An event of the story at the given place in the release's stream. */
    public static EventEnvelope envelope(GovernanceEvent event, long sequence, String releaseId) {
        return new EventEnvelope(UUID.randomUUID(), STORY_START.plus(Duration.ofMinutes(sequence)), sequence,
                POSITIONS.getAndIncrement(), "corr-" + releaseId + "-" + sequence, event);
    }

    /** The same fact about another release. */
    public static GovernanceEvent forRelease(GovernanceEvent event, String releaseId) {
        if (event instanceof ReleaseRegistered e) {
            return new ReleaseRegistered(releaseId, e.model(), e.policy(), e.actor());
        }
        if (event instanceof StageProposed e) {
            return new StageProposed(releaseId, e.stageId(), e.parameters(), e.access(), e.rationale(), e.actor());
        }
        if (event instanceof VoteCast e) {
            return new VoteCast(releaseId, e.stageId(), e.vote(), e.rationale(), e.actor());
        }
        if (event instanceof StageApproved e) {
            return new StageApproved(releaseId, e.stageId(), e.approvedBy(), e.quorum(), e.actor());
        }
        if (event instanceof StageReleased e) {
            return new StageReleased(releaseId, e.stageId(), e.model(), e.parameters(), e.access(), e.note(),
                    e.actor());
        }
        throw new IllegalArgumentException("no test data for " + event.getClass().getSimpleName());
    }
}
