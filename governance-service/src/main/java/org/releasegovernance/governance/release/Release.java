package org.releasegovernance.governance.release;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.spring.stereotype.Aggregate;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.ExpertInputLogged;
import org.releasegovernance.events.Factor;
import org.releasegovernance.events.MemberRecused;
import org.releasegovernance.events.MisuseReported;
import org.releasegovernance.events.PartnerAccessGranted;
import org.releasegovernance.events.PartnerAccessRevoked;
import org.releasegovernance.events.PartnerPurpose;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.PolicyAmended;
import org.releasegovernance.events.ReleaseRegistered;
import org.releasegovernance.events.ReleaseScheduled;
import org.releasegovernance.events.ResumeVoteCast;
import org.releasegovernance.events.ReviewPublished;
import org.releasegovernance.events.ReviewScheduled;
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
import org.releasegovernance.governance.release.Commands.AmendPolicy;
import org.releasegovernance.governance.release.Commands.CancelScheduledRelease;
import org.releasegovernance.governance.release.Commands.CastResumeVote;
import org.releasegovernance.governance.release.Commands.CastVote;
import org.releasegovernance.governance.release.Commands.GrantPartnerAccess;
import org.releasegovernance.governance.release.Commands.LogExpertInput;
import org.releasegovernance.governance.release.Commands.ProposeStage;
import org.releasegovernance.governance.release.Commands.PublishReview;
import org.releasegovernance.governance.release.Commands.Recuse;
import org.releasegovernance.governance.release.Commands.RegisterRelease;
import org.releasegovernance.governance.release.Commands.ReleaseStage;
import org.releasegovernance.governance.release.Commands.ReportMisuse;
import org.releasegovernance.governance.release.Commands.RevokePartnerAccess;
import org.releasegovernance.governance.release.Commands.ScheduleRelease;
import org.releasegovernance.governance.release.Commands.ScheduleReview;
import org.releasegovernance.governance.release.Commands.ScheduledReleaseDue;
import org.releasegovernance.governance.release.Commands.Versioned;
import org.releasegovernance.governance.release.Commands.WithdrawStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One model family's staged release plan. Every governance rule lives here: command handlers check and apply
 * events; event sourcing handlers only change state. The time a rule needs comes from the command; only a due
 * deadline, which no command brings, reads the application's clock, handed in by the framework.
 */
@Aggregate
class Release {

    static final String SCHEDULED_RELEASE = "scheduled-release";
    /** How far in the past an asked-for release time may lie and still mean "now" (network and clock skew). */
    static final Duration SAME_MOMENT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(Release.class);

    @AggregateIdentifier
    private String releaseId;
    private String model;
    private Policy policy;
    private final Map<String, Stage> stages = new LinkedHashMap<>();
    private final Map<String, String> reviewStages = new HashMap<>();
    private final Set<String> publishedReviews = new LinkedHashSet<>();

    protected Release() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    Release(RegisterRelease command) {
        checkPolicy(command.policy());
        apply(new ReleaseRegistered(command.releaseId(), command.model(), command.policy(), command.actor()));
    }

    /**
     * A command that names the version its sender last saw ({@code If-Match}) is refused if the release moved on
     * since. Checked while the aggregate is locked, so no other command slips in between check and decision.
     */
    @CommandHandlerInterceptor
    Object checkExpectedVersion(Versioned command, InterceptorChain chain) throws Exception {
        Long current = AggregateLifecycle.getVersion();
        if (command.expectedVersion() != null && !command.expectedVersion().equals(current)) {
            throw new RuleViolation(Rule.VERSION_MISMATCH, "Release " + releaseId + " is at version " + current
                    + ", not " + command.expectedVersion() + " (If-Match); reload it and decide again.");
        }
        return chain.proceed();
    }

    @CommandHandler
    void handle(AmendPolicy command) {
        checkPolicy(command.policy());
        apply(new PolicyAmended(releaseId, command.policy(), command.reason(), command.actor()));
    }

    @CommandHandler
    void handle(ProposeStage command) {
        if (stages.containsKey(command.stageId())) {
            throw new RuleViolation(Rule.STAGE_ALREADY_PROPOSED,
                    "Stage " + command.stageId() + " of " + releaseId + " was already proposed.");
        }
        apply(new StageProposed(releaseId, command.stageId(), command.parameters(), command.access(),
                command.rationale(), command.actor(), command.earliestReleaseAt()));
    }

    @CommandHandler
    void handle(LogExpertInput command) {
        Stage stage = stage(command.stageId());
        checkNotWithdrawn(stage);
        boolean builtIn = Arrays.stream(Factor.values()).anyMatch(f -> f.name().equals(command.factor()));
        if (!builtIn && !policy.requiredFactors().contains(command.factor())) {
            throw new RuleViolation(Rule.UNKNOWN_FACTOR, "Factor " + command.factor()
                    + " is neither built in nor named by the policy of " + releaseId + ".");
        }
        apply(new ExpertInputLogged(releaseId, stage.id, command.factor(), command.risk(), command.summary(),
                command.references(), command.actor()));
        if (stage.status == StageStatus.PROPOSED && !stage.halted) {
            closeVoteIfDecided(stage, command.actor());
        }
    }

    @CommandHandler
    void handle(CastVote command) {
        Stage stage = stage(command.stageId());
        checkOpenForVoting(stage, command.actor());
        apply(new VoteCast(releaseId, stage.id, command.vote(), command.rationale(), command.actor()));
        closeVoteIfDecided(stage, command.actor());
    }

    @CommandHandler
    void handle(Recuse command) {
        Stage stage = stage(command.stageId());
        if (stage.status != StageStatus.PROPOSED) {
            throw votingClosed(stage);
        }
        if (stage.recused.contains(command.actor())) {
            throw new RuleViolation(Rule.MEMBER_RECUSED,
                    command.actor() + " already recused from stage " + stage.id + ".");
        }
        if (stage.voters.contains(command.actor())) {
            throw new RuleViolation(Rule.RECUSAL_AFTER_VOTE,
                    command.actor() + " already voted on stage " + stage.id + " and cannot recuse any more.");
        }
        apply(new MemberRecused(releaseId, stage.id, command.reason(), command.actor()));
    }

    @CommandHandler
    void handle(ReleaseStage command) {
        releaseNow(stage(command.stageId()), command.note(), command.actor(), command.now());
    }

    /** Releases a stage at once, as the chair asked, if every release rule allows it at that instant. */
    private void releaseNow(Stage stage, String note, String actor, Instant now) {
        checkReleasable(stage, now);
        apply(new StageReleased(releaseId, stage.id, model, stage.parameters, stage.access, note, actor, now));
    }

    /**
     * A release asked for a given instant: scheduled when it lies in the future, carried out at once when it is
     * now (up to {@link #SAME_MOMENT} ago, for the network and the caller's clock), refused when it has passed.
     */
    @CommandHandler
    void handle(ScheduleRelease command, DeadlineManager deadlines) {
        Stage stage = stage(command.stageId());
        if (command.at().isBefore(command.now().minus(SAME_MOMENT))) {
            throw new RuleViolation(Rule.SCHEDULE_IN_PAST, "A release of stage " + stage.id + " was asked for "
                    + command.at() + ", which has passed; ask for a future time, or leave 'at' out to release now.");
        }
        if (!command.at().isAfter(command.now())) {
            releaseNow(stage, command.note(), command.actor(), command.now());
            return;
        }
        checkApprovedAndNotHalted(stage);
        if (stage.scheduledAt != null) {
            throw new RuleViolation(Rule.RELEASE_ALREADY_SCHEDULED,
                    "Stage " + stage.id + " is already scheduled for release at " + stage.scheduledAt + ".");
        }
        apply(new ReleaseScheduled(releaseId, stage.id, command.at(), command.note(), command.actor()));
        deadlines.schedule(command.at(), SCHEDULED_RELEASE, new ScheduledReleaseDue(stage.id, command.at()));
    }

    @CommandHandler
    void handle(CancelScheduledRelease command) {
        Stage stage = stage(command.stageId());
        if (stage.scheduledAt == null) {
            throw new RuleViolation(Rule.NO_SCHEDULED_RELEASE, "Stage " + stage.id + " has no scheduled release.");
        }
        apply(new ScheduledReleaseCancelled(releaseId, stage.id, stage.scheduledAt, "cancelled by the chair",
                command.actor()));
    }

    /**
     * Carries out a scheduled release when it comes due. The rules and the event take the instant it is really
     * carried out, read from the application's clock (there is no command to bring it): later than scheduled when
     * the service was down at the due time. A deadline whose schedule was cancelled (or replaced) meanwhile does
     * nothing; one that now breaks a rule is cancelled with the rule as the reason, so the committee sees why it
     * did not happen.
     */
    @DeadlineHandler(deadlineName = SCHEDULED_RELEASE)
    void on(ScheduledReleaseDue due, Clock clock) {
        Stage stage = stages.get(due.stageId());
        if (stage == null || !due.at().equals(stage.scheduledAt)) {
            return;
        }
        Instant now = clock.instant();
        try {
            checkReleasable(stage, now);
        } catch (RuleViolation violation) {
            log.info("release {} stage {} scheduled release cancelled: {}", releaseId, stage.id,
                    violation.rule().slug());
            apply(new ScheduledReleaseCancelled(releaseId, stage.id, due.at(), violation.getMessage(),
                    stage.scheduledBy));
            return;
        }
        log.info("release {} stage {} released at {}, scheduled for {} by {}", releaseId, stage.id, now, due.at(),
                stage.scheduledBy);
        apply(new StageReleased(releaseId, stage.id, model, stage.parameters, stage.access, stage.scheduledNote,
                stage.scheduledBy, now, due.at()));
    }

    @CommandHandler
    void handle(GrantPartnerAccess command) {
        Stage stage = stage(command.stageId());
        checkNotWithdrawn(stage);
        if (stage.status != StageStatus.APPROVED && stage.status != StageStatus.RELEASED) {
            throw new RuleViolation(Rule.PARTNER_ACCESS_NOT_ALLOWED, "Stage " + stage.id + " is " + stage.status
                    + "; partners get access only to an approved or released stage.");
        }
        if (stage.halted) {
            throw halted(stage);
        }
        if (command.purpose() == PartnerPurpose.OTHER
                && (command.description() == null || command.description().isBlank())) {
            throw new RuleViolation(Rule.PURPOSE_DESCRIPTION_REQUIRED,
                    "A grant for purpose OTHER needs a description of the purpose.");
        }
        if (!command.expiresAt().isAfter(command.now())) {
            throw new RuleViolation(Rule.EXPIRY_IN_PAST, "A grant must expire in the future.");
        }
        Instant current = stage.grants.get(command.partner());
        if (current != null && current.isAfter(command.now())) {
            throw new RuleViolation(Rule.PARTNER_ALREADY_GRANTED, command.partner()
                    + " already has access to stage " + stage.id + " until " + current + ".");
        }
        apply(new PartnerAccessGranted(releaseId, stage.id, command.partner(), command.purpose(),
                command.description(), command.agreementRef(), command.expiresAt(), command.actor()));
    }

    @CommandHandler
    void handle(RevokePartnerAccess command) {
        Stage stage = stage(command.stageId());
        Instant expiresAt = stage.grants.get(command.partner());
        if (expiresAt == null || !expiresAt.isAfter(command.now())) {
            throw new RuleViolation(Rule.NO_ACTIVE_GRANT,
                    command.partner() + " has no active access to stage " + stage.id + ".");
        }
        apply(new PartnerAccessRevoked(releaseId, stage.id, command.partner(), command.reason(), command.actor()));
    }

    @CommandHandler
    void handle(ReportMisuse command) {
        Stage stage = stage(command.stageId());
        if (stage.releasedAt == null) {
            throw new RuleViolation(Rule.MISUSE_ON_UNRELEASED_STAGE,
                    "Stage " + stage.id + " was never released; misuse can only be reported on a released stage.");
        }
        apply(new MisuseReported(releaseId, stage.id, command.reportedBy(), command.summary(), command.severity(),
                command.actor()));
        for (Stage later : stagesAfter(stage)) {
            boolean open = later.status == StageStatus.PROPOSED || later.status == StageStatus.APPROVED;
            if (open && !later.halted) {
                if (later.scheduledAt != null) {
                    apply(new ScheduledReleaseCancelled(releaseId, later.id, later.scheduledAt,
                            "halted by a misuse report on " + stage.id, command.actor()));
                }
                apply(new StageHalted(releaseId, later.id, stage.id, command.summary(), command.actor()));
            }
        }
    }

    @CommandHandler
    void handle(CastResumeVote command) {
        Stage stage = stage(command.stageId());
        if (!stage.halted) {
            throw new RuleViolation(Rule.STAGE_NOT_HALTED, "Stage " + stage.id + " is not halted.");
        }
        checkVoter(stage, command.actor(), stage.resumeVoters);
        apply(new ResumeVoteCast(releaseId, stage.id, command.vote(), command.rationale(), command.actor()));
        int quorum = policy.approvalQuorum(stage.access);
        if (command.vote() == VoteChoice.APPROVE && stage.resumeApprovers.size() >= quorum) {
            apply(new StageResumed(releaseId, stage.id, List.copyOf(stage.resumeApprovers), quorum,
                    command.actor()));
        }
    }

    @CommandHandler
    void handle(WithdrawStage command) {
        Stage stage = stage(command.stageId());
        checkNotWithdrawn(stage);
        if (stage.scheduledAt != null) {
            apply(new ScheduledReleaseCancelled(releaseId, stage.id, stage.scheduledAt, "stage withdrawn",
                    command.actor()));
        }
        apply(new StageWithdrawn(releaseId, stage.id, command.reason(), command.actor()));
        for (Map.Entry<String, Instant> grant : new ArrayList<>(stage.grants.entrySet())) {
            if (grant.getValue().isAfter(command.now())) {
                apply(new PartnerAccessRevoked(releaseId, stage.id, grant.getKey(),
                        "stage withdrawn: " + command.reason(), command.actor()));
            }
        }
    }

    @CommandHandler
    void handle(ScheduleReview command) {
        Stage stage = stage(command.stageId());
        if (!command.dueAt().isAfter(command.now())) {
            throw new RuleViolation(Rule.REVIEW_DUE_IN_PAST, "A review must be due in the future.");
        }
        apply(new ReviewScheduled(releaseId, stage.id, command.reviewId(), command.title(), command.dueAt(),
                command.actor()));
    }

    @CommandHandler
    void handle(PublishReview command) {
        String stageId = reviewStages.get(command.reviewId());
        if (stageId == null) {
            throw new RuleViolation(Rule.REVIEW_NOT_FOUND,
                    "Release " + releaseId + " has no review " + command.reviewId() + ".");
        }
        if (publishedReviews.contains(command.reviewId())) {
            throw new RuleViolation(Rule.REVIEW_ALREADY_PUBLISHED,
                    "Review " + command.reviewId() + " was already published.");
        }
        apply(new ReviewPublished(releaseId, stageId, command.reviewId(), command.summary(), command.url(),
                command.actor()));
    }

    @EventSourcingHandler
    void on(ReleaseRegistered event) {
        releaseId = event.releaseId();
        model = event.model();
        policy = event.policy();
    }

    @EventSourcingHandler
    void on(PolicyAmended event) {
        policy = event.policy();
    }

    @EventSourcingHandler
    void on(StageProposed event) {
        stages.put(event.stageId(), new Stage(event));
    }

    @EventSourcingHandler
    void on(ExpertInputLogged event) {
        stages.get(event.stageId()).assessedFactors.add(event.factor());
    }

    @EventSourcingHandler
    void on(VoteCast event) {
        Stage stage = stages.get(event.stageId());
        stage.voters.add(event.actor());
        (event.vote() == VoteChoice.APPROVE ? stage.approvers : stage.rejecters).add(event.actor());
    }

    @EventSourcingHandler
    void on(MemberRecused event) {
        stages.get(event.stageId()).recused.add(event.actor());
    }

    @EventSourcingHandler
    void on(StageApproved event) {
        stages.get(event.stageId()).status = StageStatus.APPROVED;
    }

    @EventSourcingHandler
    void on(StageRejected event) {
        stages.get(event.stageId()).status = StageStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(StageReleased event, @Timestamp Instant storedAt) {
        Stage stage = stages.get(event.stageId());
        stage.status = StageStatus.RELEASED;
        stage.releasedAt = event.releasedAt(storedAt);
        stage.scheduledAt = null;
    }

    @EventSourcingHandler
    void on(ReleaseScheduled event) {
        Stage stage = stages.get(event.stageId());
        stage.scheduledAt = event.at();
        stage.scheduledBy = event.actor();
        stage.scheduledNote = event.note();
    }

    @EventSourcingHandler
    void on(ScheduledReleaseCancelled event) {
        Stage stage = stages.get(event.stageId());
        stage.scheduledAt = null;
        stage.scheduledBy = null;
        stage.scheduledNote = null;
    }

    @EventSourcingHandler
    void on(PartnerAccessGranted event) {
        stages.get(event.stageId()).grants.put(event.partner(), event.expiresAt());
    }

    @EventSourcingHandler
    void on(PartnerAccessRevoked event) {
        stages.get(event.stageId()).grants.remove(event.partner());
    }

    @EventSourcingHandler
    void on(StageHalted event) {
        Stage stage = stages.get(event.stageId());
        stage.halted = true;
        stage.resumeVoters.clear();
        stage.resumeApprovers.clear();
    }

    @EventSourcingHandler
    void on(ResumeVoteCast event) {
        Stage stage = stages.get(event.stageId());
        stage.resumeVoters.add(event.actor());
        if (event.vote() == VoteChoice.APPROVE) {
            stage.resumeApprovers.add(event.actor());
        }
    }

    @EventSourcingHandler
    void on(StageResumed event) {
        stages.get(event.stageId()).halted = false;
    }

    @EventSourcingHandler
    void on(StageWithdrawn event) {
        stages.get(event.stageId()).status = StageStatus.WITHDRAWN;
    }

    @EventSourcingHandler
    void on(ReviewScheduled event) {
        reviewStages.put(event.reviewId(), event.stageId());
    }

    @EventSourcingHandler
    void on(ReviewPublished event) {
        publishedReviews.add(event.reviewId());
    }

    private static void checkPolicy(Policy policy) {
        if (policy.quorum() < 1 || policy.publicQuorum() < policy.quorum() || policy.rejectionQuorum() < 1
                || policy.minDaysBetweenPublicStages() < 0) {
            throw new RuleViolation(Rule.INVALID_POLICY, "A policy needs quorum >= 1, publicQuorum >= quorum "
                    + "(publishing cannot be undone), rejectionQuorum >= 1 and minDaysBetweenPublicStages >= 0.");
        }
    }

    private void checkOpenForVoting(Stage stage, String member) {
        if (stage.status != StageStatus.PROPOSED) {
            throw votingClosed(stage);
        }
        if (stage.halted) {
            throw halted(stage);
        }
        checkVoter(stage, member, stage.voters);
    }

    private static void checkVoter(Stage stage, String member, Set<String> alreadyVoted) {
        if (stage.proposer.equals(member)) {
            throw new RuleViolation(Rule.SELF_VOTE_NOT_ALLOWED,
                    "The proposer of stage " + stage.id + " cannot vote on it.");
        }
        if (stage.recused.contains(member)) {
            throw new RuleViolation(Rule.MEMBER_RECUSED, member + " recused from stage " + stage.id + ".");
        }
        if (alreadyVoted.contains(member)) {
            throw new RuleViolation(Rule.ONE_VOTE_PER_MEMBER, member + " already voted on stage " + stage.id + ".");
        }
    }

    /** Approves once the quorum approved and every required factor has input; else rejects at the rejection quorum. */
    private void closeVoteIfDecided(Stage stage, String actor) {
        int quorum = policy.approvalQuorum(stage.access);
        if (stage.approvers.size() >= quorum && stage.assessedFactors.containsAll(policy.requiredFactors())) {
            apply(new StageApproved(releaseId, stage.id, List.copyOf(stage.approvers), quorum, actor));
        } else if (stage.rejecters.size() >= policy.rejectionQuorum()) {
            apply(new StageRejected(releaseId, stage.id, List.copyOf(stage.rejecters), policy.rejectionQuorum(),
                    actor));
        }
    }

    private void checkReleasable(Stage stage, Instant now) {
        if (stage.status == StageStatus.RELEASED) {
            throw new RuleViolation(Rule.STAGE_ALREADY_RELEASED, "Stage " + stage.id + " was already released.");
        }
        checkApprovedAndNotHalted(stage);
        if (stage.earliestReleaseAt != null && now.isBefore(stage.earliestReleaseAt)) {
            throw new RuleViolation(Rule.EARLIEST_RELEASE_NOT_REACHED,
                    "Stage " + stage.id + " may not be released before " + stage.earliestReleaseAt + ".");
        }
        Stage previous = previousInOrder(stage);
        if (previous != null && previous.releasedAt == null) {
            throw new RuleViolation(Rule.PREVIOUS_STAGE_NOT_RELEASED,
                    "Stage " + stage.id + " comes after " + previous.id + ", which is not released yet.");
        }
        if (stage.access == Access.PUBLIC) {
            Instant lastPublic = stages.values().stream()
                    .filter(s -> s.access == Access.PUBLIC && s.releasedAt != null)
                    .map(s -> s.releasedAt).max(Instant::compareTo).orElse(null);
            Duration interval = Duration.ofDays(policy.minDaysBetweenPublicStages());
            if (lastPublic != null && now.isBefore(lastPublic.plus(interval))) {
                throw new RuleViolation(Rule.PUBLIC_INTERVAL_NOT_PASSED, "Public stage " + stage.id
                        + " may not be released before " + lastPublic.plus(interval) + ": the policy asks "
                        + policy.minDaysBetweenPublicStages() + " days between public stages.");
            }
        }
    }

    private void checkApprovedAndNotHalted(Stage stage) {
        if (stage.status != StageStatus.APPROVED) {
            throw new RuleViolation(Rule.STAGE_NOT_APPROVED,
                    "Stage " + stage.id + " is " + stage.status + "; only an approved stage can be released.");
        }
        if (stage.halted) {
            throw halted(stage);
        }
    }

    private static void checkNotWithdrawn(Stage stage) {
        if (stage.status == StageStatus.WITHDRAWN) {
            throw new RuleViolation(Rule.STAGE_WITHDRAWN, "Stage " + stage.id + " was withdrawn.");
        }
    }

    /** The stage proposed just before, ignoring stages that were rejected or withdrawn without being released. */
    private Stage previousInOrder(Stage stage) {
        Stage previous = null;
        for (Stage candidate : stages.values()) {
            if (candidate == stage) {
                return previous;
            }
            boolean dropped = candidate.status == StageStatus.REJECTED
                    || candidate.status == StageStatus.WITHDRAWN && candidate.releasedAt == null;
            if (!dropped) {
                previous = candidate;
            }
        }
        return previous;
    }

    private List<Stage> stagesAfter(Stage stage) {
        List<Stage> ordered = new ArrayList<>(stages.values());
        return ordered.subList(ordered.indexOf(stage) + 1, ordered.size());
    }

    private static RuleViolation votingClosed(Stage stage) {
        return new RuleViolation(Rule.VOTING_CLOSED,
                "Voting on stage " + stage.id + " is closed: the stage is " + stage.status + ".");
    }

    private static RuleViolation halted(Stage stage) {
        return new RuleViolation(Rule.STAGE_HALTED, "Stage " + stage.id
                + " is halted by a misuse report until the committee votes to resume it.");
    }

    private Stage stage(String stageId) {
        Stage stage = stages.get(stageId);
        if (stage == null) {
            throw new RuleViolation(Rule.STAGE_NOT_FOUND, "Release " + releaseId + " has no stage " + stageId + ".");
        }
        return stage;
    }

    private static final class Stage {
        private final String id;
        private final long parameters;
        private final Access access;
        private final String proposer;
        private final Instant earliestReleaseAt;
        private final Set<String> voters = new LinkedHashSet<>();
        private final List<String> approvers = new ArrayList<>();
        private final List<String> rejecters = new ArrayList<>();
        private final Set<String> recused = new LinkedHashSet<>();
        private final Set<String> assessedFactors = new LinkedHashSet<>();
        private final Map<String, Instant> grants = new LinkedHashMap<>();
        private final Set<String> resumeVoters = new LinkedHashSet<>();
        private final List<String> resumeApprovers = new ArrayList<>();
        private StageStatus status = StageStatus.PROPOSED;
        private boolean halted;
        private Instant releasedAt;
        private Instant scheduledAt;
        private String scheduledBy;
        private String scheduledNote;

        private Stage(StageProposed proposal) {
            this.id = proposal.stageId();
            this.parameters = proposal.parameters();
            this.access = proposal.access();
            this.proposer = proposal.actor();
            this.earliestReleaseAt = proposal.earliestReleaseAt();
        }

        private List<Object> values() {
            return Arrays.asList(id, parameters, access, proposer, earliestReleaseAt, voters, approvers, rejecters,
                    recused, assessedFactors, grants, resumeVoters, resumeApprovers, status, halted, releasedAt,
                    scheduledAt, scheduledBy, scheduledNote);
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
}
