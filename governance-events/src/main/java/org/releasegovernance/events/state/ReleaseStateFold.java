package org.releasegovernance.events.state;

import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.ReleaseRegistered;
import org.releasegovernance.events.StageApproved;
import org.releasegovernance.events.StageProposed;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.events.VoteCast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Folds one release's events, in stream order, into its {@link ReleaseState}. The governance API shows the current
 * state with it and the audit service the state as of any instant, so both always agree on what the events mean.
 * Not thread-safe: one fold per reader.
 */
public final class ReleaseStateFold {

    private ReleaseState release;
    private final Map<String, StageState> stages = new LinkedHashMap<>();

    /** Folds in the next event of the release's stream. */
    public ReleaseStateFold apply(GovernanceEvent event, Instant at, long sequence) {
        if (event instanceof ReleaseRegistered e) {
            release = new ReleaseState(e.releaseId(), e.model(), e.policy(), e.actor(), at, sequence, List.of());
        } else if (event instanceof StageProposed e) {
            stages.put(e.stageId(), new StageState(e.stageId(), e.parameters(), e.access(), StageStatus.PROPOSED,
                    e.rationale(), e.actor(), at, List.of(), null, null, null, null));
        } else if (event instanceof VoteCast e) {
            updateStage(e.stageId(), s -> withVote(s, new VoteRecord(e.actor(), e.vote(), e.rationale(), at)));
        } else if (event instanceof StageApproved e) {
            updateStage(e.stageId(), s -> new StageState(s.stageId(), s.parameters(), s.access(),
                    StageStatus.APPROVED, s.rationale(), s.proposedBy(), s.proposedAt(), s.votes(), at, null, null,
                    null));
        } else if (event instanceof StageReleased e) {
            updateStage(e.stageId(), s -> new StageState(s.stageId(), s.parameters(), s.access(),
                    StageStatus.RELEASED, s.rationale(), s.proposedBy(), s.proposedAt(), s.votes(), s.approvedAt(),
                    at, e.actor(), e.note()));
        }
        if (release != null) {
            release = new ReleaseState(release.releaseId(), release.model(), release.policy(),
                    release.registeredBy(), release.registeredAt(), sequence, List.copyOf(stages.values()));
        }
        return this;
    }

    /** The state so far; empty until the release was registered. */
    public Optional<ReleaseState> state() {
        return Optional.ofNullable(release);
    }

    private void updateStage(String stageId, UnaryOperator<StageState> change) {
        stages.computeIfPresent(stageId, (id, stage) -> change.apply(stage));
    }

    private static StageState withVote(StageState s, VoteRecord vote) {
        List<VoteRecord> votes = new ArrayList<>(s.votes());
        votes.add(vote);
        return new StageState(s.stageId(), s.parameters(), s.access(), s.status(), s.rationale(), s.proposedBy(),
                s.proposedAt(), List.copyOf(votes), s.approvedAt(), s.releasedAt(), s.releasedBy(), s.releaseNote());
    }
}
