package org.releasegovernance.governance.release;

import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.EntityId;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.ExpertInputLogged;
import org.releasegovernance.events.Factor;
import org.releasegovernance.events.MemberRecused;
import org.releasegovernance.events.MisuseReported;
import org.releasegovernance.events.PartnerAccessExpired;
import org.releasegovernance.events.PartnerAccessExpiring;
import org.releasegovernance.events.PartnerAccessGranted;
import org.releasegovernance.events.PartnerAccessRevoked;
import org.releasegovernance.events.PartnerPurpose;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.ReleaseScheduled;
import org.releasegovernance.events.ResumeVoteCast;
import org.releasegovernance.events.ScheduledReleaseCancelled;
import org.releasegovernance.events.StageApproved;
import org.releasegovernance.events.StageHalted;
import org.releasegovernance.events.StageProposed;
import org.releasegovernance.events.StageRejected;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.events.StageResumed;
import org.releasegovernance.events.StageWithdrawn;
import org.releasegovernance.events.VoteCast;
import org.releasegovernance.events.VoteChoice;
import org.releasegovernance.events.state.StageStatus;
import org.releasegovernance.governance.release.Commands.CastResumeVote;
import org.releasegovernance.governance.release.Commands.CastVote;
import org.releasegovernance.governance.release.Commands.GrantPartnerAccess;
import org.releasegovernance.governance.release.Commands.LogExpertInput;
import org.releasegovernance.governance.release.Commands.Recuse;
import org.releasegovernance.governance.release.Commands.ReportMisuse;
import org.releasegovernance.governance.release.Commands.RevokePartnerAccess;
import org.releasegovernance.governance.release.Commands.WithdrawStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One stage of a {@link Release}, an entity of that aggregate with the rules that concern this stage alone: who may
 * vote, recuse or resume it, when its vote closes, who gets access, whether it may be scheduled or released as far
 * as the stage itself goes. The rules that span stages (order, the public interval, a misuse report halting later
 * stages) stay with the release, which also brings the policy in force. Its event sourcing handlers receive the
 * events that name this stage ({@code stageId}), and only those.
 */
class Stage {

    private static final Logger log = LoggerFactory.getLogger(Stage.class);

    @EntityId(routingKey = "stageId")
    private final String id;
    private final String releaseId;
    private final long parameters;
    private final Access access;
    private final String proposer;
    private final Instant earliestReleaseAt;
    private final Set<String> voters = new LinkedHashSet<>();
    private final List<String> approvers = new ArrayList<>();
    private final List<String> rejecters = new ArrayList<>();
    private final Set<String> recused = new LinkedHashSet<>();
    private final Set<String> assessedFactors = new LinkedHashSet<>();
    private final Map<String, Grant> grants = new LinkedHashMap<>();
    private final Set<String> resumeVoters = new LinkedHashSet<>();
    private final List<String> resumeApprovers = new ArrayList<>();
    private StageStatus status = StageStatus.PROPOSED;
    private boolean halted;
    private Instant releasedAt;
    private Instant scheduledAt;
    private String scheduledBy;
    private String scheduledNote;

    Stage(StageProposed proposal) {
        this.id = proposal.stageId();
        this.releaseId = proposal.releaseId();
        this.parameters = proposal.parameters();
        this.access = proposal.access();
        this.proposer = proposal.actor();
        this.earliestReleaseAt = proposal.earliestReleaseAt();
    }

    void logInput(LogExpertInput command, Policy policy) {
        checkNotWithdrawn();
        boolean builtIn = Arrays.stream(Factor.values()).anyMatch(f -> f.name().equals(command.factor()));
        if (!builtIn && !policy.requiredFactors().contains(command.factor())) {
            throw new RuleViolation(Rule.UNKNOWN_FACTOR, "Factor " + command.factor()
                    + " is neither built in nor named by the policy of " + releaseId + ".");
        }
        apply(new ExpertInputLogged(releaseId, id, command.factor(), command.risk(), command.summary(),
                command.references(), command.actor()));
        if (status == StageStatus.PROPOSED && !halted) {
            closeVoteIfDecided(policy, command.actor());
        }
    }

    void vote(CastVote command, Policy policy) {
        if (status != StageStatus.PROPOSED) {
            throw votingClosed();
        }
        if (halted) {
            throw haltedViolation();
        }
        checkVoter(command.actor(), voters);
        apply(new VoteCast(releaseId, id, command.vote(), command.rationale(), command.actor()));
        closeVoteIfDecided(policy, command.actor());
    }

    void recuse(Recuse command) {
        if (status != StageStatus.PROPOSED) {
            throw votingClosed();
        }
        if (recused.contains(command.actor())) {
            throw new RuleViolation(Rule.MEMBER_RECUSED, command.actor() + " already recused from stage " + id + ".");
        }
        if (voters.contains(command.actor())) {
            throw new RuleViolation(Rule.RECUSAL_AFTER_VOTE,
                    command.actor() + " already voted on stage " + id + " and cannot recuse any more.");
        }
        apply(new MemberRecused(releaseId, id, command.reason(), command.actor()));
    }

    /** Whether the approvals reach the policy's quorum for this stage's access and every required factor has input. */
    boolean quorumReached(Policy policy) {
        return approvers.size() >= policy.approvalQuorum(access)
                && assessedFactors.containsAll(policy.requiredFactors());
    }

    void grant(GrantPartnerAccess command) {
        checkNotWithdrawn();
        if (status != StageStatus.APPROVED && status != StageStatus.RELEASED) {
            throw new RuleViolation(Rule.PARTNER_ACCESS_NOT_ALLOWED, "Stage " + id + " is " + status
                    + "; partners get access only to an approved or released stage.");
        }
        if (halted) {
            throw haltedViolation();
        }
        if (command.purpose() == PartnerPurpose.OTHER
                && (command.description() == null || command.description().isBlank())) {
            throw new RuleViolation(Rule.PURPOSE_DESCRIPTION_REQUIRED,
                    "A grant for purpose OTHER needs a description of the purpose.");
        }
        if (!command.expiresAt().isAfter(command.now())) {
            throw new RuleViolation(Rule.EXPIRY_IN_PAST, "A grant must expire in the future.");
        }
        Grant current = grants.get(command.partner());
        if (current != null && current.expiresAt().isAfter(command.now())) {
            throw new RuleViolation(Rule.PARTNER_ALREADY_GRANTED, command.partner()
                    + " already has access to stage " + id + " until " + current.expiresAt() + ".");
        }
        apply(new PartnerAccessGranted(releaseId, id, command.partner(), command.purpose(), command.description(),
                command.agreementRef(), command.expiresAt(), command.actor()));
    }

    void revoke(RevokePartnerAccess command) {
        Grant grant = grants.get(command.partner());
        if (grant == null || !grant.expiresAt().isAfter(command.now())) {
            throw new RuleViolation(Rule.NO_ACTIVE_GRANT,
                    command.partner() + " has no active access to stage " + id + ".");
        }
        apply(new PartnerAccessRevoked(releaseId, id, command.partner(), command.reason(), command.actor()));
    }

    /** Records a misuse report on this stage, which must have been released; halting later stages is the release's. */
    void reportMisuse(ReportMisuse command) {
        if (releasedAt == null) {
            throw new RuleViolation(Rule.MISUSE_ON_UNRELEASED_STAGE,
                    "Stage " + id + " was never released; misuse can only be reported on a released stage.");
        }
        apply(new MisuseReported(releaseId, id, command.reportedBy(), command.summary(), command.severity(),
                command.actor()));
    }

    /** Halts this stage for a misuse report on an earlier one, if it is still open; a scheduled release is off. */
    void haltForMisuseOf(String causedBy, String summary, String actor) {
        boolean open = status == StageStatus.PROPOSED || status == StageStatus.APPROVED;
        if (open && !halted) {
            cancelSchedule("halted by a misuse report on " + causedBy, actor);
            apply(new StageHalted(releaseId, id, causedBy, summary, actor));
        }
    }

    void resumeVote(CastResumeVote command, Policy policy) {
        if (!halted) {
            throw new RuleViolation(Rule.STAGE_NOT_HALTED, "Stage " + id + " is not halted.");
        }
        checkVoter(command.actor(), resumeVoters);
        apply(new ResumeVoteCast(releaseId, id, command.vote(), command.rationale(), command.actor()));
        int quorum = policy.approvalQuorum(access);
        if (command.vote() == VoteChoice.APPROVE && resumeApprovers.size() >= quorum) {
            apply(new StageResumed(releaseId, id, List.copyOf(resumeApprovers), quorum, command.actor()));
        }
    }

    void withdraw(WithdrawStage command) {
        checkNotWithdrawn();
        cancelSchedule("stage withdrawn", command.actor());
        apply(new StageWithdrawn(releaseId, id, command.reason(), command.actor()));
        for (Map.Entry<String, Grant> grant : new ArrayList<>(grants.entrySet())) {
            if (grant.getValue().expiresAt().isAfter(command.now())) {
                apply(new PartnerAccessRevoked(releaseId, id, grant.getKey(), "stage withdrawn: " + command.reason(),
                        command.actor()));
            }
        }
    }

    /**
     * Records, once, that a partner's access is about to expire, if the grant that expires at {@code expiresAt} is
     * still held and has not ended yet (a notice that comes after the end has nothing left to announce).
     */
    void noticeExpiry(String partner, Instant expiresAt) {
        Grant grant = heldGrant(partner, expiresAt);
        if (grant != null && !grant.expiryNoticed() && !grant.expired()) {
            log.info("release {} stage {} partner {} access expiring at {}, granted by {}", releaseId, id, partner,
                    expiresAt, grant.grantedBy());
            apply(new PartnerAccessExpiring(releaseId, id, partner, grant.agreementRef(), expiresAt,
                    grant.grantedBy()));
        }
    }

    /** Records, once, that a partner's access ended at {@code expiresAt}, if that grant was still held. */
    void expire(String partner, Instant expiresAt) {
        Grant grant = heldGrant(partner, expiresAt);
        if (grant != null && !grant.expired()) {
            log.info("release {} stage {} partner {} access expired at {}, granted by {}", releaseId, id, partner,
                    expiresAt, grant.grantedBy());
            apply(new PartnerAccessExpired(releaseId, id, partner, grant.agreementRef(), expiresAt,
                    grant.grantedBy()));
        }
    }

    /**
     * The partner's grant that expires at {@code expiresAt}, unless it was revoked, the stage withdrawn, or the
     * partner granted anew with another expiry since (the deadlines of the earlier grant are not the new one's).
     */
    private Grant heldGrant(String partner, Instant expiresAt) {
        Grant grant = grants.get(partner);
        boolean held = grant != null && status != StageStatus.WITHDRAWN && grant.expiresAt().equals(expiresAt);
        return held ? grant : null;
    }

    /** Schedules this stage's release for {@code at}, if the stage is approved, not halted and not yet scheduled. */
    void schedule(Instant at, String note, String actor) {
        checkApprovedAndNotHalted();
        if (scheduledAt != null) {
            throw new RuleViolation(Rule.RELEASE_ALREADY_SCHEDULED,
                    "Stage " + id + " is already scheduled for release at " + scheduledAt + ".");
        }
        apply(new ReleaseScheduled(releaseId, id, at, note, actor));
    }

    void cancelScheduledRelease(String actor) {
        if (scheduledAt == null) {
            throw new RuleViolation(Rule.NO_SCHEDULED_RELEASE, "Stage " + id + " has no scheduled release.");
        }
        cancelSchedule("cancelled by the chair", actor);
    }

    /** Cancels the scheduled release, if there is one, for that reason. */
    void cancelSchedule(String reason, String actor) {
        if (scheduledAt != null) {
            apply(new ScheduledReleaseCancelled(releaseId, id, scheduledAt, reason, actor));
        }
    }

    /** The rules of releasing at {@code now} that concern this stage alone: approved, not halted, not too early. */
    void checkReleasableAt(Instant now) {
        if (status == StageStatus.RELEASED) {
            throw new RuleViolation(Rule.STAGE_ALREADY_RELEASED, "Stage " + id + " was already released.");
        }
        checkApprovedAndNotHalted();
        if (earliestReleaseAt != null && now.isBefore(earliestReleaseAt)) {
            throw new RuleViolation(Rule.EARLIEST_RELEASE_NOT_REACHED,
                    "Stage " + id + " may not be released before " + earliestReleaseAt + ".");
        }
    }

    /** A stage rejected, or withdrawn without being released, no longer holds back the stages after it. */
    boolean droppedFromOrder() {
        return status == StageStatus.REJECTED || status == StageStatus.WITHDRAWN && releasedAt == null;
    }

    boolean isScheduledFor(Instant at) {
        return at.equals(scheduledAt);
    }

    /** The release of this stage as it was scheduled, carried out at {@code now}. */
    StageReleased scheduledRelease(String model, Instant now) {
        return new StageReleased(releaseId, id, model, parameters, access, scheduledNote, scheduledBy, now,
                scheduledAt);
    }

    /** This stage released at once, as {@code actor} decided at {@code now}. */
    StageReleased releasedNow(String model, String note, String actor, Instant now) {
        return new StageReleased(releaseId, id, model, parameters, access, note, actor, now);
    }

    String id() {
        return id;
    }

    Access access() {
        return access;
    }

    Instant releasedAt() {
        return releasedAt;
    }

    String scheduledBy() {
        return scheduledBy;
    }

    private void checkVoter(String member, Set<String> alreadyVoted) {
        if (proposer.equals(member)) {
            throw new RuleViolation(Rule.SELF_VOTE_NOT_ALLOWED, "The proposer of stage " + id + " cannot vote on it.");
        }
        if (recused.contains(member)) {
            throw new RuleViolation(Rule.MEMBER_RECUSED, member + " recused from stage " + id + ".");
        }
        if (alreadyVoted.contains(member)) {
            throw new RuleViolation(Rule.ONE_VOTE_PER_MEMBER, member + " already voted on stage " + id + ".");
        }
    }

    /** Approves once the quorum approved and every required factor has input; else rejects at the rejection quorum. */
    private void closeVoteIfDecided(Policy policy, String actor) {
        if (quorumReached(policy)) {
            apply(new StageApproved(releaseId, id, List.copyOf(approvers), policy.approvalQuorum(access), actor));
        } else if (rejecters.size() >= policy.rejectionQuorum()) {
            apply(new StageRejected(releaseId, id, List.copyOf(rejecters), policy.rejectionQuorum(), actor));
        }
    }

    private void checkApprovedAndNotHalted() {
        if (status != StageStatus.APPROVED) {
            throw new RuleViolation(Rule.STAGE_NOT_APPROVED,
                    "Stage " + id + " is " + status + "; only an approved stage can be released.");
        }
        if (halted) {
            throw haltedViolation();
        }
    }

    private void checkNotWithdrawn() {
        if (status == StageStatus.WITHDRAWN) {
            throw new RuleViolation(Rule.STAGE_WITHDRAWN, "Stage " + id + " was withdrawn.");
        }
    }

    private RuleViolation votingClosed() {
        return new RuleViolation(Rule.VOTING_CLOSED,
                "Voting on stage " + id + " is closed: the stage is " + status + ".");
    }

    private RuleViolation haltedViolation() {
        return new RuleViolation(Rule.STAGE_HALTED, "Stage " + id
                + " is halted by a misuse report until the committee votes to resume it.");
    }

    @EventSourcingHandler
    void on(ExpertInputLogged event) {
        assessedFactors.add(event.factor());
    }

    @EventSourcingHandler
    void on(VoteCast event) {
        voters.add(event.actor());
        (event.vote() == VoteChoice.APPROVE ? approvers : rejecters).add(event.actor());
    }

    @EventSourcingHandler
    void on(MemberRecused event) {
        recused.add(event.actor());
    }

    @EventSourcingHandler
    void on(StageApproved event) {
        status = StageStatus.APPROVED;
    }

    @EventSourcingHandler
    void on(StageRejected event) {
        status = StageStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(StageReleased event, @Timestamp Instant storedAt) {
        status = StageStatus.RELEASED;
        releasedAt = event.releasedAt(storedAt);
        scheduledAt = null;
    }

    @EventSourcingHandler
    void on(ReleaseScheduled event) {
        scheduledAt = event.at();
        scheduledBy = event.actor();
        scheduledNote = event.note();
    }

    @EventSourcingHandler
    void on(ScheduledReleaseCancelled event) {
        scheduledAt = null;
        scheduledBy = null;
        scheduledNote = null;
    }

    @EventSourcingHandler
    void on(PartnerAccessGranted event) {
        grants.put(event.partner(), new Grant(event.agreementRef(), event.expiresAt(), event.actor(), false, false));
    }

    @EventSourcingHandler
    void on(PartnerAccessExpiring event) {
        grants.computeIfPresent(event.partner(), (partner, grant) -> grant.noticed());
    }

    @EventSourcingHandler
    void on(PartnerAccessExpired event) {
        grants.computeIfPresent(event.partner(), (partner, grant) -> grant.ended());
    }

    @EventSourcingHandler
    void on(PartnerAccessRevoked event) {
        grants.remove(event.partner());
    }

    @EventSourcingHandler
    void on(StageHalted event) {
        halted = true;
        resumeVoters.clear();
        resumeApprovers.clear();
    }

    @EventSourcingHandler
    void on(ResumeVoteCast event) {
        resumeVoters.add(event.actor());
        if (event.vote() == VoteChoice.APPROVE) {
            resumeApprovers.add(event.actor());
        }
    }

    @EventSourcingHandler
    void on(StageResumed event) {
        halted = false;
    }

    @EventSourcingHandler
    void on(StageWithdrawn event) {
        status = StageStatus.WITHDRAWN;
    }

    /** A partner's access as the rules need it: until when, who granted it, and what the clock recorded of it. */
    private record Grant(String agreementRef, Instant expiresAt, String grantedBy, boolean expiryNoticed,
                         boolean expired) {

        Grant noticed() {
            return new Grant(agreementRef, expiresAt, grantedBy, true, expired);
        }

        Grant ended() {
            return new Grant(agreementRef, expiresAt, grantedBy, expiryNoticed, true);
        }
    }

    private List<Object> values() {
        return Arrays.asList(id, releaseId, parameters, access, proposer, earliestReleaseAt, voters, approvers,
                rejecters, recused, assessedFactors, grants, resumeVoters, resumeApprovers, status, halted,
                releasedAt, scheduledAt, scheduledBy, scheduledNote);
    }

    // value equality lets Axon's test fixture check that sourcing the events rebuilds the same state
    @Override
    public boolean equals(Object other) {
        return other instanceof Stage that && values().equals(that.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }
}
