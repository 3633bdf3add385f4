package org.releasegovernance.events.state;

import org.releasegovernance.events.Access;
import org.releasegovernance.events.ExpertInputLogged;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.MemberRecused;
import org.releasegovernance.events.MisuseReported;
import org.releasegovernance.events.PartnerAccessGranted;
import org.releasegovernance.events.PartnerAccessRevoked;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.PolicyAmended;
import org.releasegovernance.events.ReleaseRegistered;
import org.releasegovernance.events.ReleaseScheduled;
import org.releasegovernance.events.ResumeVoteCast;
import org.releasegovernance.events.ReviewPublished;
import org.releasegovernance.events.ReviewScheduled;
import org.releasegovernance.events.ScheduledReleaseCancelled;
import org.releasegovernance.events.StageApproved;
import org.releasegovernance.events.StageEvent;
import org.releasegovernance.events.StageHalted;
import org.releasegovernance.events.StageProposed;
import org.releasegovernance.events.StageRejected;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.events.StageResumed;
import org.releasegovernance.events.StageWithdrawn;
import org.releasegovernance.events.VoteCast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds one release's events, in stream order, into its {@link ReleaseState}. The governance API shows the current
 * state with it and the audit service the state as of any instant, so both always agree on what the events mean.
 * Not thread-safe: one fold per reader.
 */
public final class ReleaseStateFold {

    private String releaseId;
    private String model;
    private Policy policy;
    private String registeredBy;
    private Instant registeredAt;
    private long version;
    private final Map<String, Stage> stages = new LinkedHashMap<>();
    private final Map<String, ReviewRecord> reviews = new LinkedHashMap<>();

    /** Folds in the next event of the release's stream. */
    public ReleaseStateFold apply(GovernanceEvent event, Instant at, long sequence) {
        if (event instanceof ReleaseRegistered e) {
            releaseId = e.releaseId();
            model = e.model();
            policy = e.policy();
            registeredBy = e.actor();
            registeredAt = at;
        } else if (event instanceof PolicyAmended e) {
            policy = e.policy();
        } else if (event instanceof StageProposed e) {
            stages.put(e.stageId(), new Stage(e, at));
        } else if (event instanceof ReviewScheduled e) {
            reviews.put(e.reviewId(), new ReviewRecord(e.reviewId(), e.stageId(), e.title(), e.dueAt(), e.actor(),
                    null, null, null));
        } else if (event instanceof ReviewPublished e) {
            reviews.computeIfPresent(e.reviewId(), (id, r) -> new ReviewRecord(r.reviewId(), r.stageId(), r.title(),
                    r.dueAt(), r.scheduledBy(), at, e.summary(), e.url()));
        } else if (event instanceof StageEvent e && stages.containsKey(e.stageId())) {
            stages.get(e.stageId()).apply(e, at);
        }
        version = sequence;
        return this;
    }

    /** The state so far; empty until the release was registered. */
    public Optional<ReleaseState> state() {
        if (releaseId == null) {
            return Optional.empty();
        }
        return Optional.of(new ReleaseState(releaseId, model, policy, registeredBy, registeredAt, version,
                stages.values().stream().map(Stage::state).toList(), List.copyOf(reviews.values())));
    }

    /** A stage while it is folded; turned into an immutable {@link StageState} on demand. */
    private static final class Stage {
        private final StageProposed proposal;
        private final Instant proposedAt;
        private StageStatus status = StageStatus.PROPOSED;
        private final List<VoteRecord> votes = new ArrayList<>();
        private final List<ExpertInputRecord> inputs = new ArrayList<>();
        private final List<String> recusals = new ArrayList<>();
        private final Map<String, GrantRecord> grants = new LinkedHashMap<>();
        private final List<MisuseRecord> misuseReports = new ArrayList<>();
        private final List<HaltRecord> halts = new ArrayList<>();
        private final List<VoteRecord> resumeVotes = new ArrayList<>();
        private Instant approvedAt;
        private Instant releasedAt;
        private String releasedBy;
        private String releaseNote;
        private Instant scheduledReleaseAt;
        private Instant rejectedAt;
        private Instant withdrawnAt;
        private String withdrawReason;

        private Stage(StageProposed proposal, Instant at) {
            this.proposal = proposal;
            this.proposedAt = at;
        }

        private void apply(StageEvent event, Instant at) {
            if (event instanceof VoteCast e) {
                votes.add(new VoteRecord(e.actor(), e.vote(), e.rationale(), at));
            } else if (event instanceof StageApproved) {
                status = StageStatus.APPROVED;
                approvedAt = at;
            } else if (event instanceof StageRejected) {
                status = StageStatus.REJECTED;
                rejectedAt = at;
            } else if (event instanceof StageReleased e) {
                status = StageStatus.RELEASED;
                releasedAt = e.releasedAt() != null ? e.releasedAt() : at;
                releasedBy = e.actor();
                releaseNote = e.note();
                scheduledReleaseAt = null;
            } else if (event instanceof ExpertInputLogged e) {
                inputs.add(new ExpertInputRecord(e.factor(), e.risk(), e.summary(), e.references(), e.actor(), at));
            } else if (event instanceof MemberRecused e) {
                recusals.add(e.actor());
            } else if (event instanceof ReleaseScheduled e) {
                scheduledReleaseAt = e.at();
            } else if (event instanceof ScheduledReleaseCancelled) {
                scheduledReleaseAt = null;
            } else if (event instanceof PartnerAccessGranted e) {
                grants.put(e.partner(), new GrantRecord(e.partner(), e.purpose(), e.description(), e.agreementRef(),
                        e.expiresAt(), e.actor(), at, null, null));
            } else if (event instanceof PartnerAccessRevoked e) {
                grants.computeIfPresent(e.partner(), (p, g) -> new GrantRecord(g.partner(), g.purpose(),
                        g.description(), g.agreementRef(), g.expiresAt(), g.grantedBy(), g.grantedAt(), at,
                        e.reason()));
            } else if (event instanceof MisuseReported e) {
                misuseReports.add(new MisuseRecord(e.reportedBy(), e.summary(), e.severity(), e.actor(), at));
            } else if (event instanceof StageHalted e) {
                halts.add(new HaltRecord(e.causedBy(), e.reason(), e.actor(), at, null));
                resumeVotes.clear();
            } else if (event instanceof ResumeVoteCast e) {
                resumeVotes.add(new VoteRecord(e.actor(), e.vote(), e.rationale(), at));
            } else if (event instanceof StageResumed && !halts.isEmpty()) {
                HaltRecord h = halts.remove(halts.size() - 1);
                halts.add(new HaltRecord(h.causedBy(), h.reason(), h.haltedBy(), h.haltedAt(), at));
            } else if (event instanceof StageWithdrawn e) {
                status = StageStatus.WITHDRAWN;
                withdrawnAt = at;
                withdrawReason = e.reason();
                scheduledReleaseAt = null;
            }
        }

        private StageState state() {
            Access access = proposal.access();
            return new StageState(proposal.stageId(), proposal.parameters(), access, status, proposal.rationale(),
                    proposal.actor(), proposedAt, List.copyOf(votes), approvedAt, releasedAt, releasedBy,
                    releaseNote, proposal.earliestReleaseAt(), List.copyOf(inputs), List.copyOf(recusals),
                    List.copyOf(grants.values()), List.copyOf(misuseReports), List.copyOf(halts),
                    List.copyOf(resumeVotes), scheduledReleaseAt, rejectedAt, withdrawnAt, withdrawReason);
        }
    }
}
