package org.releasegovernance.governance.release;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.ForwardMatchingInstances;
import org.axonframework.spring.stereotype.Aggregate;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.PolicyAmended;
import org.releasegovernance.events.ReleaseRegistered;
import org.releasegovernance.events.ReviewOverdue;
import org.releasegovernance.events.ReviewPublished;
import org.releasegovernance.events.ReviewReminder;
import org.releasegovernance.events.ReviewScheduled;
import org.releasegovernance.events.StageProposed;
import org.releasegovernance.governance.release.Commands.AmendPolicy;
import org.releasegovernance.governance.release.Commands.CancelScheduledRelease;
import org.releasegovernance.governance.release.Commands.CastResumeVote;
import org.releasegovernance.governance.release.Commands.CastVote;
import org.releasegovernance.governance.release.Commands.GrantDue;
import org.releasegovernance.governance.release.Commands.GrantPartnerAccess;
import org.releasegovernance.governance.release.Commands.LogExpertInput;
import org.releasegovernance.governance.release.Commands.ProposeStage;
import org.releasegovernance.governance.release.Commands.PublishReview;
import org.releasegovernance.governance.release.Commands.Recuse;
import org.releasegovernance.governance.release.Commands.RegisterRelease;
import org.releasegovernance.governance.release.Commands.ReleaseStage;
import org.releasegovernance.governance.release.Commands.ReportMisuse;
import org.releasegovernance.governance.release.Commands.ReviewDue;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One model family's staged release plan. Every governance rule lives in it: the rules of one stage in its
 * {@link Stage} entities, the rules that span stages (their order, the interval between public stages, a misuse
 * report halting later stages, scheduled releases) and the policy here. Command handlers check and apply events;
 * event sourcing handlers only change state. The time a rule needs comes from the command; only a due
 * deadline, which no command brings, reads the application's clock, handed in by the framework. Besides scheduled
 * releases, durable deadlines keep the commitments no one sends a command for: a review's reminder and its due
 * time, a partner grant's expiry notice and its end, each recorded once however often its deadline fires.
 */
@Aggregate
class Release {

    static final String SCHEDULED_RELEASE = "scheduled-release";
    static final String REVIEW_REMINDER = "review-reminder";
    static final String REVIEW_OVERDUE = "review-overdue";
    static final String PARTNER_ACCESS_EXPIRING = "partner-access-expiring";
    static final String PARTNER_ACCESS_EXPIRED = "partner-access-expired";
    /** How far in the past an asked-for release time may lie and still mean "now" (network and clock skew). */
    static final Duration SAME_MOMENT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(Release.class);

    @AggregateIdentifier
    private String releaseId;
    private String model;
    private Policy policy;
    // only the events naming a stage's id reach that stage's event sourcing handlers (Axon's default: every stage)
    @AggregateMember(eventForwardingMode = ForwardMatchingInstances.class)
    private final Map<String, Stage> stages = new LinkedHashMap<>();
    private final Map<String, ReviewScheduled> reviews = new HashMap<>();
    private final Set<String> publishedReviews = new LinkedHashSet<>();
    private final Set<String> remindedReviews = new LinkedHashSet<>();
    private final Set<String> overdueReviews = new LinkedHashSet<>();

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
        stage(command.stageId()).logInput(command, policy);
    }

    @CommandHandler
    void handle(CastVote command) {
        stage(command.stageId()).vote(command, policy);
    }

    @CommandHandler
    void handle(Recuse command) {
        stage(command.stageId()).recuse(command);
    }

    @CommandHandler
    void handle(ReleaseStage command) {
        releaseNow(stage(command.stageId()), command.note(), command.actor(), command.now());
    }

    /** Releases a stage at once, as the chair asked, if every release rule allows it at that instant. */
    private void releaseNow(Stage stage, String note, String actor, Instant now) {
        checkReleasable(stage, now);
        apply(stage.releasedNow(model, note, actor, now));
    }

    /**
     * A release asked for a given instant: scheduled when it lies in the future, carried out at once when it is
     * now (up to {@link #SAME_MOMENT} ago, for the network and the caller's clock), refused when it has passed.
     */
    @CommandHandler
    void handle(ScheduleRelease command, DeadlineManager deadlines) {
        Stage stage = stage(command.stageId());
        if (command.at().isBefore(command.now().minus(SAME_MOMENT))) {
            throw new RuleViolation(Rule.SCHEDULE_IN_PAST, "A release of stage " + stage.id() + " was asked for "
                    + command.at() + ", which has passed; ask for a future time, or leave 'at' out to release now.");
        }
        if (!command.at().isAfter(command.now())) {
            releaseNow(stage, command.note(), command.actor(), command.now());
            return;
        }
        stage.schedule(command.at(), command.note(), command.actor());
        deadlines.schedule(command.at(), SCHEDULED_RELEASE, new ScheduledReleaseDue(stage.id(), command.at()));
    }

    @CommandHandler
    void handle(CancelScheduledRelease command) {
        stage(command.stageId()).cancelScheduledRelease(command.actor());
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
        if (stage == null || !stage.isScheduledFor(due.at())) {
            return;
        }
        Instant now = clock.instant();
        try {
            checkReleasable(stage, now);
        } catch (RuleViolation violation) {
            log.info("release {} stage {} scheduled release cancelled: {}", releaseId, stage.id(),
                    violation.rule().slug());
            stage.cancelSchedule(violation.getMessage(), stage.scheduledBy());
            return;
        }
        log.info("release {} stage {} released at {}, scheduled for {} by {}", releaseId, stage.id(), now, due.at(),
                stage.scheduledBy());
        apply(stage.scheduledRelease(model, now));
    }

    /**
     * Grants a partner access and schedules what the clock will record of it: the notice of its coming expiry, the
     * configured time before it (at once when it expires sooner than that), and its end.
     */
    @CommandHandler
    void handle(GrantPartnerAccess command, DeadlineManager deadlines, CommitmentsProperties commitments) {
        stage(command.stageId()).grant(command);
        GrantDue due = new GrantDue(command.stageId(), command.partner(), command.expiresAt());
        deadlines.schedule(notBefore(command.expiresAt().minus(commitments.grantExpiryNotice()), command.now()),
                PARTNER_ACCESS_EXPIRING, due);
        deadlines.schedule(command.expiresAt(), PARTNER_ACCESS_EXPIRED, due);
    }

    @DeadlineHandler(deadlineName = PARTNER_ACCESS_EXPIRING)
    void noticeExpiry(GrantDue due) {
        Stage stage = stages.get(due.stageId());
        if (stage != null) {
            stage.noticeExpiry(due.partner(), due.expiresAt());
        }
    }

    @DeadlineHandler(deadlineName = PARTNER_ACCESS_EXPIRED)
    void expire(GrantDue due) {
        Stage stage = stages.get(due.stageId());
        if (stage != null) {
            stage.expire(due.partner(), due.expiresAt());
        }
    }

    @CommandHandler
    void handle(RevokePartnerAccess command) {
        stage(command.stageId()).revoke(command);
    }

    /** A misuse report on a released stage halts every later stage not yet released, cancelling its schedule. */
    @CommandHandler
    void handle(ReportMisuse command) {
        Stage stage = stage(command.stageId());
        stage.reportMisuse(command);
        for (Stage later : stagesAfter(stage)) {
            later.haltForMisuseOf(stage.id(), command.summary(), command.actor());
        }
    }

    @CommandHandler
    void handle(CastResumeVote command) {
        stage(command.stageId()).resumeVote(command, policy);
    }

    @CommandHandler
    void handle(WithdrawStage command) {
        stage(command.stageId()).withdraw(command);
    }

    /**
     * Schedules a review and what the clock will record of it: a reminder the configured time before it is due (at
     * once when it is due sooner than that), and the check at its due time.
     */
    @CommandHandler
    void handle(ScheduleReview command, DeadlineManager deadlines, CommitmentsProperties commitments) {
        Stage stage = stage(command.stageId());
        if (!command.dueAt().isAfter(command.now())) {
            throw new RuleViolation(Rule.REVIEW_DUE_IN_PAST, "A review must be due in the future.");
        }
        apply(new ReviewScheduled(releaseId, stage.id(), command.reviewId(), command.title(), command.dueAt(),
                command.actor()));
        ReviewDue due = new ReviewDue(command.reviewId(), command.dueAt());
        deadlines.schedule(notBefore(command.dueAt().minus(commitments.reviewReminderBefore()), command.now()),
                REVIEW_REMINDER, due);
        deadlines.schedule(command.dueAt(), REVIEW_OVERDUE, due);
    }

    /**
     * Reminds, once, of a review still unpublished. Not after it was marked overdue: when the service was down over
     * both instants, the reminder has nothing left to remind of.
     */
    @DeadlineHandler(deadlineName = REVIEW_REMINDER)
    void remind(ReviewDue due) {
        ReviewScheduled review = pendingReview(due);
        if (review != null && !remindedReviews.contains(review.reviewId())
                && !overdueReviews.contains(review.reviewId())) {
            log.info("release {} stage {} review {} reminded, due at {}, scheduled by {}", releaseId,
                    review.stageId(), review.reviewId(), review.dueAt(), review.actor());
            apply(new ReviewReminder(releaseId, review.stageId(), review.reviewId(), review.title(), review.dueAt(),
                    review.actor()));
        }
    }

    /** Marks a review overdue, once, if it is still unpublished at its due time. */
    @DeadlineHandler(deadlineName = REVIEW_OVERDUE)
    void markOverdue(ReviewDue due) {
        ReviewScheduled review = pendingReview(due);
        if (review != null && !overdueReviews.contains(review.reviewId())) {
            log.info("release {} stage {} review {} overdue since {}, scheduled by {}", releaseId, review.stageId(),
                    review.reviewId(), review.dueAt(), review.actor());
            apply(new ReviewOverdue(releaseId, review.stageId(), review.reviewId(), review.title(), review.dueAt(),
                    review.actor()));
        }
    }

    /** The review a deadline was scheduled for, unless it was published or scheduled anew for another time since. */
    private ReviewScheduled pendingReview(ReviewDue due) {
        ReviewScheduled review = reviews.get(due.reviewId());
        boolean pending = review != null && review.dueAt().equals(due.dueAt())
                && !publishedReviews.contains(due.reviewId());
        return pending ? review : null;
    }

    @CommandHandler
    void handle(PublishReview command) {
        ReviewScheduled review = reviews.get(command.reviewId());
        if (review == null) {
            throw new RuleViolation(Rule.REVIEW_NOT_FOUND,
                    "Release " + releaseId + " has no review " + command.reviewId() + ".");
        }
        if (publishedReviews.contains(command.reviewId())) {
            throw new RuleViolation(Rule.REVIEW_ALREADY_PUBLISHED,
                    "Review " + command.reviewId() + " was already published.");
        }
        apply(new ReviewPublished(releaseId, review.stageId(), command.reviewId(), command.summary(), command.url(),
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
    void on(ReviewScheduled event) {
        reviews.put(event.reviewId(), event);
        remindedReviews.remove(event.reviewId());
        overdueReviews.remove(event.reviewId());
    }

    @EventSourcingHandler
    void on(ReviewPublished event) {
        publishedReviews.add(event.reviewId());
    }

    @EventSourcingHandler
    void on(ReviewReminder event) {
        remindedReviews.add(event.reviewId());
    }

    @EventSourcingHandler
    void on(ReviewOverdue event) {
        overdueReviews.add(event.reviewId());
    }

    /** {@code instant}, or {@code now} if it has passed: a deadline due in the past fires at once. */
    private static Instant notBefore(Instant instant, Instant now) {
        return instant.isBefore(now) ? now : instant;
    }

    private static void checkPolicy(Policy policy) {
        if (policy.quorum() < 1 || policy.publicQuorum() < policy.quorum() || policy.rejectionQuorum() < 1
                || policy.minDaysBetweenPublicStages() < 0) {
            throw new RuleViolation(Rule.INVALID_POLICY, "A policy needs quorum >= 1, publicQuorum >= quorum "
                    + "(publishing cannot be undone), rejectionQuorum >= 1 and minDaysBetweenPublicStages >= 0.");
        }
    }

    /** Every rule of releasing a stage at {@code now}: the stage's own, then its order and the public interval. */
    private void checkReleasable(Stage stage, Instant now) {
        stage.checkReleasableAt(now);
        Stage previous = previousInOrder(stage);
        if (previous != null && previous.releasedAt() == null) {
            throw new RuleViolation(Rule.PREVIOUS_STAGE_NOT_RELEASED,
                    "Stage " + stage.id() + " comes after " + previous.id() + ", which is not released yet.");
        }
        if (stage.access() == Access.PUBLIC) {
            Instant lastPublic = stages.values().stream()
                    .filter(s -> s.access() == Access.PUBLIC && s.releasedAt() != null)
                    .map(Stage::releasedAt).max(Instant::compareTo).orElse(null);
            Duration interval = Duration.ofDays(policy.minDaysBetweenPublicStages());
            if (lastPublic != null && now.isBefore(lastPublic.plus(interval))) {
                throw new RuleViolation(Rule.PUBLIC_INTERVAL_NOT_PASSED, "Public stage " + stage.id()
                        + " may not be released before " + lastPublic.plus(interval) + ": the policy asks "
                        + policy.minDaysBetweenPublicStages() + " days between public stages.");
            }
        }
    }

    /** The stage proposed just before, ignoring stages that were rejected or withdrawn without being released. */
    private Stage previousInOrder(Stage stage) {
        Stage previous = null;
        for (Stage candidate : stages.values()) {
            if (candidate == stage) {
                return previous;
            }
            if (!candidate.droppedFromOrder()) {
                previous = candidate;
            }
        }
        return previous;
    }

    private List<Stage> stagesAfter(Stage stage) {
        List<Stage> ordered = new ArrayList<>(stages.values());
        return ordered.subList(ordered.indexOf(stage) + 1, ordered.size());
    }

    private Stage stage(String stageId) {
        Stage stage = stages.get(stageId);
        if (stage == null) {
            throw new RuleViolation(Rule.STAGE_NOT_FOUND, "Release " + releaseId + " has no stage " + stageId + ".");
        }
        return stage;
    }
}
