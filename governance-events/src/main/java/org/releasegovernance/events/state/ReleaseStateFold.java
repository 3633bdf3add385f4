package org.releasegovernance.events.state;

import org.releasegovernance.events.Access;
import org.releasegovernance.events.ExpertInputLogged;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.MemberRecused;
import org.releasegovernance.events.MisuseReported;
import org.releasegovernance.events.PartnerAccessExpired;
import org.releasegovernance.events.PartnerAccessExpiring;
import org.releasegovernance.events.PartnerAccessGranted;
import org.releasegovernance.events.PartnerAccessRevoked;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.PolicyAmended;
import org.releasegovernance.events.ReleaseRegistered;
import org.releasegovernance.events.ReleaseScheduled;
import org.releasegovernance.events.ResumeVoteCast;
import org.releasegovernance.events.ReviewOverdue;
import org.releasegovernance.events.ReviewPublished;
import org.releasegovernance.events.ReviewReminder;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Folds one release's events, in stream order, into its {@link ReleaseState}. The governance API shows the current
 * state with it and the audit service the state as of any instant, so both always agree on what the events mean.
 * Each event type has one step, registered by type, so a test can check that every type of the contract is folded
 * (or deliberately left out in {@link #NOT_FOLDED}). Not thread-safe: one fold per reader.
 */
public final class ReleaseStateFold {

    /** Event types that change nothing a reader of the state sees; none so far. */
    static final Set<Class<? extends GovernanceEvent>> NOT_FOLDED = Set.of();

    private final Map<Class<? extends GovernanceEvent>, BiConsumer<GovernanceEvent, Instant>> steps = new HashMap<>();
    private String releaseId;
    private String model;
    private Policy policy;
    private String registeredBy;
    private Instant registeredAt;
    private long version;
    private final Map<String, Stage> stages = new LinkedHashMap<>();
    private final Map<String, ReviewRecord> reviews = new LinkedHashMap<>();

    public ReleaseStateFold() {
        on(ReleaseRegistered.class, (e, at) -> {
            releaseId = e.releaseId();
            model = e.model();
            policy = e.policy();
            registeredBy = e.actor();
            registeredAt = at;
        });
        on(PolicyAmended.class, (e, at) -> policy = e.policy());
        on(StageProposed.class, (e, at) -> stages.put(e.stageId(), new Stage(e, at)));
        on(ReviewScheduled.class, (e, at) -> reviews.put(e.reviewId(), new ReviewRecord(e.reviewId(), e.stageId(),
                e.title(), e.dueAt(), e.actor(), null, null, null, null, null)));
        on(ReviewPublished.class, (e, at) -> reviews.computeIfPresent(e.reviewId(),
                (id, r) -> r.published(at, e.summary(), e.url())));
        on(ReviewReminder.class, (e, at) -> reviews.computeIfPresent(e.reviewId(), (id, r) -> r.reminded(at)));
        on(ReviewOverdue.class, (e, at) -> reviews.computeIfPresent(e.reviewId(), (id, r) -> r.markedOverdue(at)));
        onStage(VoteCast.class, (stage, e, at) -> stage.votes.add(new VoteRecord(e.actor(), e.vote(), e.rationale(),
                at)));
        onStage(StageApproved.class, (stage, e, at) -> stage.approvedAt = at);
        onStage(StageRejected.class, (stage, e, at) -> stage.rejectedAt = at);
        onStage(StageReleased.class, (stage, e, at) -> {
            stage.releasedAt = e.releasedAt(at);
            stage.releasedBy = e.actor();
            stage.releaseNote = e.note();
            stage.scheduledReleaseAt = null;
        });
        onStage(ExpertInputLogged.class, (stage, e, at) -> stage.inputs.add(new ExpertInputRecord(e.factor(),
                e.risk(), e.summary(), e.references(), e.actor(), at)));
        onStage(MemberRecused.class, (stage, e, at) -> stage.recusals.add(e.actor()));
        onStage(ReleaseScheduled.class, (stage, e, at) -> stage.scheduledReleaseAt = e.at());
        onStage(ScheduledReleaseCancelled.class, (stage, e, at) -> stage.scheduledReleaseAt = null);
        onStage(PartnerAccessGranted.class, (stage, e, at) -> stage.grants.put(e.partner(), new GrantRecord(
                e.partner(), e.purpose(), e.description(), e.agreementRef(), e.expiresAt(), e.actor(), at, null,
                null, null, null)));
        onStage(PartnerAccessRevoked.class, (stage, e, at) -> stage.grants.computeIfPresent(e.partner(),
                (p, g) -> g.revoked(at, e.reason())));
        onStage(PartnerAccessExpiring.class, (stage, e, at) -> stage.grants.computeIfPresent(e.partner(),
                (p, g) -> g.expiryNoticed(at)));
        onStage(PartnerAccessExpired.class, (stage, e, at) -> stage.grants.computeIfPresent(e.partner(),
                (p, g) -> g.expired(at)));
        onStage(MisuseReported.class, (stage, e, at) -> stage.misuseReports.add(new MisuseRecord(e.reportedBy(),
                e.summary(), e.severity(), e.actor(), at)));
        onStage(StageHalted.class, (stage, e, at) -> {
            stage.halts.add(new HaltRecord(e.causedBy(), e.reason(), e.actor(), at, null));
            stage.resumeVotes.clear();
        });
        onStage(ResumeVoteCast.class, (stage, e, at) -> stage.resumeVotes.add(new VoteRecord(e.actor(), e.vote(),
                e.rationale(), at)));
        onStage(StageResumed.class, (stage, e, at) -> {
            if (!stage.halts.isEmpty()) {
                HaltRecord h = stage.halts.remove(stage.halts.size() - 1);
                stage.halts.add(new HaltRecord(h.causedBy(), h.reason(), h.haltedBy(), h.haltedAt(), at));
            }
        });
        onStage(StageWithdrawn.class, (stage, e, at) -> {
            stage.withdrawnAt = at;
            stage.withdrawReason = e.reason();
            stage.scheduledReleaseAt = null;
        });
    }

    /** Folds in the next event of the release's stream. */
    public ReleaseStateFold apply(GovernanceEvent event, Instant at, long sequence) {
        BiConsumer<GovernanceEvent, Instant> step = steps.get(event.getClass());
        if (step != null) {
            step.accept(event, at);
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

    /** The event types this fold has a step for. */
    Set<Class<? extends GovernanceEvent>> foldedTypes() {
        return Set.copyOf(steps.keySet());
    }

    private <E extends GovernanceEvent> void on(Class<E> type, BiConsumer<E, Instant> step) {
        steps.put(type, (event, at) -> step.accept(type.cast(event), at));
    }

    /** A step on one stage; its status follows {@link StageStatus#after}, and an unknown stage's events are skipped. */
    private <E extends StageEvent> void onStage(Class<E> type, StageStep<E> step) {
        on(type, (event, at) -> {
            Stage stage = stages.get(event.stageId());
            if (stage != null) {
                StageStatus.after(event).ifPresent(status -> stage.status = status);
                step.apply(stage, event, at);
            }
        });
    }

    @FunctionalInterface
    private interface StageStep<E extends StageEvent> {
        void apply(Stage stage, E event, Instant at);
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
