package org.releasegovernance.governance.release;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.ExpertInputLogged;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.Gpt2;
import org.releasegovernance.events.MemberRecused;
import org.releasegovernance.events.MisuseReported;
import org.releasegovernance.events.PartnerAccessExpired;
import org.releasegovernance.events.PartnerAccessExpiring;
import org.releasegovernance.events.PartnerAccessGranted;
import org.releasegovernance.events.PartnerAccessRevoked;
import org.releasegovernance.events.PartnerPurpose;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.PolicyAmended;
import org.releasegovernance.events.ReleaseRegistered;
import org.releasegovernance.events.ReleaseScheduled;
import org.releasegovernance.events.ResumeVoteCast;
import org.releasegovernance.events.ReviewOverdue;
import org.releasegovernance.events.ReviewPublished;
import org.releasegovernance.events.ReviewReminder;
import org.releasegovernance.events.ReviewScheduled;
import org.releasegovernance.events.RiskLevel;
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
import org.releasegovernance.governance.release.Commands.WithdrawStage;
import org.releasegovernance.governance.SuppliedClock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.releasegovernance.events.Gpt2.AUG_01;
import static org.releasegovernance.events.Gpt2.AUG_20;
import static org.releasegovernance.events.Gpt2.CHAIR;
import static org.releasegovernance.events.Gpt2.DETECTION_PARTNER;
import static org.releasegovernance.events.Gpt2.EXPERT;
import static org.releasegovernance.events.Gpt2.FEB_14;
import static org.releasegovernance.events.Gpt2.MAY_03;
import static org.releasegovernance.events.Gpt2.MAY_10;
import static org.releasegovernance.events.Gpt2.MEMBER_1;
import static org.releasegovernance.events.Gpt2.MEMBER_2;
import static org.releasegovernance.events.Gpt2.MEMBER_3;
import static org.releasegovernance.events.Gpt2.NOV_05;
import static org.releasegovernance.events.Gpt2.POLICY;
import static org.releasegovernance.events.Gpt2.RELEASE_ID;

/** Every governance rule of a staged release, one test per rule and per way to break it. */
class ReleaseTest {

    private static final StageProposed S117 = Gpt2.proposed("117M", 117_000_000L, Access.PUBLIC, FEB_14);
    private static final StageProposed S345 = Gpt2.proposed("345M", 345_000_000L, Access.PUBLIC, MAY_03);
    private static final StageProposed S762 = Gpt2.proposed("762M", 762_000_000L, Access.PARTNERS, null);
    private static final StageProposed S1558_PUBLIC =
            Gpt2.proposed("1.5B-public", 1_558_000_000L, Access.PUBLIC, NOV_05);

    /** The shipped settings: a reminder 14 days before a review is due, a notice 30 days before a grant expires. */
    private static final CommitmentsProperties COMMITMENTS =
            new CommitmentsProperties(Duration.ofDays(14), Duration.ofDays(30));

    private AggregateTestFixture<Release> fixture;

    /** When the service came back up after a due time passed; until a test sets it, deadlines fire on time. */
    private Instant serviceBackAt;

    /** The application clock a due deadline reads: the fixture's simulated time, or when the service came back. */
    private final Clock applicationClock =
            new SuppliedClock(() -> serviceBackAt != null ? serviceBackAt : fixture.currentTime());

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Release.class);
        fixture.registerInjectableResource(applicationClock);
        fixture.registerInjectableResource(COMMITMENTS);
    }

    @Nested
    class PolicyRules {

        @Test
        void registeringWithOnlyAQuorumRecordsThePolicyWithItsDefaults() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterRelease(RELEASE_ID, "GPT-2", new Policy(2, 0, 0, null, 0), CHAIR))
                    .expectEvents(Gpt2.registered());
        }

        @Test
        void registeringRecordsTheFullPolicy() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterRelease(RELEASE_ID, "GPT-2", POLICY, CHAIR))
                    .expectEvents(Gpt2.registeredWithPolicy());
        }

        @Test
        void aPublicQuorumBelowTheQuorumIsAnInvalidPolicy() {
            refused(fixture.givenNoPriorActivity()
                    .when(new RegisterRelease(RELEASE_ID, "GPT-2", new Policy(3, 2, 3, List.of(), 0), CHAIR)),
                    Rule.INVALID_POLICY);
        }

        @Test
        void aNegativeIntervalIsAnInvalidPolicy() {
            refused(fixture.givenNoPriorActivity()
                    .when(new RegisterRelease(RELEASE_ID, "GPT-2", new Policy(2, 2, 2, List.of(), -1), CHAIR)),
                    Rule.INVALID_POLICY);
        }

        @Test
        void theChairAmendsThePolicy() {
            fixture.given(Gpt2.registered())
                    .when(new AmendPolicy(RELEASE_ID, POLICY, "Public stages need more care", CHAIR, null))
                    .expectEvents(new PolicyAmended(RELEASE_ID, POLICY, "Public stages need more care", CHAIR));
        }

        @Test
        void anInvalidAmendmentIsRefused() {
            refused(fixture.given(Gpt2.registered())
                    .when(new AmendPolicy(RELEASE_ID, new Policy(2, 1, 2, List.of(), 0), "lower", CHAIR, null)),
                    Rule.INVALID_POLICY);
        }

        @Test
        void anAmendedQuorumAppliesToAVoteStillOpen() {
            fixture.given(Gpt2.registered(), Gpt2.stage117MProposed(),
                            new PolicyAmended(RELEASE_ID, new Policy(1), "one is enough", CHAIR))
                    .when(approve(MEMBER_2, "117M"))
                    .expectEvents(Gpt2.approves(MEMBER_2, "117M"),
                            new StageApproved(RELEASE_ID, "117M", List.of(MEMBER_2), 1, MEMBER_2));
        }

        @Test
        void anAmendmentIsNeverRetroactiveForAClosedVote() {
            fixture.given(with(approved117M(), new PolicyAmended(RELEASE_ID, new Policy(3), "stricter", CHAIR)))
                    .when(new ReleaseStage(RELEASE_ID, "117M", "out", FEB_14, CHAIR, null))
                    .expectEvents(new StageReleased(RELEASE_ID, "117M", "GPT-2", 117_000_000L, Access.PUBLIC, "out",
                            CHAIR, FEB_14));
        }

        @Test
        void aPublicStageNeedsThePublicQuorum() {
            fixture.given(Gpt2.publicStage(S117).subList(0, 5).stream().map(Object.class::cast)
                            .collect(prepend(Gpt2.registeredWithPolicy())))
                    .when(approve(CHAIR, "117M"))
                    .expectEvents(Gpt2.approves(CHAIR, "117M"),
                            new StageApproved(RELEASE_ID, "117M", List.of(MEMBER_2, MEMBER_3, CHAIR), 3, CHAIR));
        }

        @Test
        void theQuorumAloneDoesNotApproveAPublicStage() {
            fixture.given(Gpt2.publicStage(S117).subList(0, 4).stream().map(Object.class::cast)
                            .collect(prepend(Gpt2.registeredWithPolicy())))
                    .when(approve(MEMBER_3, "117M"))
                    .expectEvents(Gpt2.approves(MEMBER_3, "117M"));
        }

        @Test
        void aPartnersStageNeedsOnlyTheQuorum() {
            List<GovernanceEvent> stage = Gpt2.partnerStage(S762);
            fixture.given(stage.subList(0, stage.size() - 2).stream().map(Object.class::cast)
                            .collect(prepend(Gpt2.registeredWithPolicy())))
                    .when(approve(MEMBER_3, "762M"))
                    .expectEvents(Gpt2.approves(MEMBER_3, "762M"),
                            new StageApproved(RELEASE_ID, "762M", List.of(MEMBER_2, MEMBER_3), 2, MEMBER_3));
        }

        @Test
        void theQuorumWithoutInputOnEveryRequiredFactorDoesNotApprove() {
            fixture.given(Gpt2.registeredWithPolicy(), S117, Gpt2.input("117M", "MISUSE_RISK", RiskLevel.LOW),
                            Gpt2.approves(MEMBER_2, "117M"), Gpt2.approves(MEMBER_3, "117M"))
                    .when(approve(CHAIR, "117M"))
                    .expectEvents(Gpt2.approves(CHAIR, "117M"));
        }

        @Test
        void theLastRequiredInputApprovesAStageThatHasItsQuorum() {
            ExpertInputLogged last = Gpt2.input("117M", "STAKEHOLDER_INPUT", RiskLevel.LOW);
            fixture.given(Gpt2.registeredWithPolicy(), S117, Gpt2.input("117M", "MISUSE_RISK", RiskLevel.LOW),
                            Gpt2.approves(MEMBER_2, "117M"), Gpt2.approves(MEMBER_3, "117M"),
                            Gpt2.approves(CHAIR, "117M"))
                    .when(logInput(last))
                    .expectEvents(last,
                            new StageApproved(RELEASE_ID, "117M", List.of(MEMBER_2, MEMBER_3, CHAIR), 3, EXPERT));
        }
    }

    @Nested
    class Versions {

        @Test
        void aCommandNamingTheCurrentVersionIsAccepted() {
            fixture.given(Gpt2.registered(), Gpt2.stage117MProposed())
                    .when(new CastVote(RELEASE_ID, "117M", VoteChoice.APPROVE, "ok", MEMBER_2, 1L))
                    .expectEvents(new VoteCast(RELEASE_ID, "117M", VoteChoice.APPROVE, "ok", MEMBER_2));
        }

        @Test
        void aCommandNamingAStaleVersionIsRefused() {
            refused(fixture.given(Gpt2.registered(), Gpt2.stage117MProposed())
                    .when(new CastVote(RELEASE_ID, "117M", VoteChoice.APPROVE, "ok", MEMBER_2, 0L)),
                    Rule.VERSION_MISMATCH);
        }
    }

    @Nested
    class ExpertInput {

        @Test
        void severalInputsPerFactorAreKept() {
            ExpertInputLogged second = new ExpertInputLogged(RELEASE_ID, "117M", "MISUSE_RISK", RiskLevel.HIGH,
                    "A second opinion", List.of(), EXPERT);
            fixture.given(Gpt2.registeredWithPolicy(), S117, Gpt2.input("117M", "MISUSE_RISK", RiskLevel.LOW))
                    .when(logInput(second))
                    .expectEvents(second);
        }

        @Test
        void aFactorTheDomainAndThePolicyDoNotKnowIsRefused() {
            refused(fixture.given(Gpt2.registeredWithPolicy(), S117)
                    .when(new LogExpertInput(RELEASE_ID, "117M", "VIBES", RiskLevel.LOW, "s", List.of(), EXPERT,
                            null)), Rule.UNKNOWN_FACTOR);
        }

        @Test
        void aFactorNamedByThePolicyIsAccepted() {
            Policy policy = new Policy(2, 2, 2, List.of("COMPUTE_THRESHOLD"), 0);
            ExpertInputLogged input = new ExpertInputLogged(RELEASE_ID, "117M", "COMPUTE_THRESHOLD", RiskLevel.LOW,
                    "Cheap to reproduce", List.of(), EXPERT);
            fixture.given(new ReleaseRegistered(RELEASE_ID, "GPT-2", policy, CHAIR), S117)
                    .when(logInput(input))
                    .expectEvents(input);
        }

        @Test
        void noInputOnAWithdrawnStage() {
            refused(fixture.given(Gpt2.registered(), S117, new StageWithdrawn(RELEASE_ID, "117M", "dropped", CHAIR))
                    .when(logInput(Gpt2.input("117M", "MISUSE_RISK", RiskLevel.LOW))), Rule.STAGE_WITHDRAWN);
        }
    }

    @Nested
    class StagesAndVotes {

        @Test
        void aMemberProposesAStageWithItsEarliestReleaseTime() {
            fixture.given(Gpt2.registered())
                    .when(new ProposeStage(RELEASE_ID, "117M", 117_000_000L, Access.PUBLIC, S117.rationale(), FEB_14,
                            MEMBER_1, null))
                    .expectEvents(S117);
        }

        @Test
        void aStageCannotBeProposedTwice() {
            refused(fixture.given(Gpt2.registered(), S117)
                    .when(new ProposeStage(RELEASE_ID, "117M", 117_000_000L, Access.PUBLIC, "again", null, MEMBER_2,
                            null)), Rule.STAGE_ALREADY_PROPOSED);
        }

        @Test
        void aVoteBelowTheQuorumIsRecordedWithoutApproval() {
            fixture.given(Gpt2.registered(), Gpt2.stage117MProposed())
                    .when(approve(MEMBER_2, "117M"))
                    .expectEvents(Gpt2.approves(MEMBER_2, "117M"));
        }

        @Test
        void theQuorumOfDistinctApprovalsApprovesTheStage() {
            fixture.given(Gpt2.registered(), Gpt2.stage117MProposed(), Gpt2.approves(MEMBER_2, "117M"))
                    .when(approve(MEMBER_3, "117M"))
                    .expectEvents(Gpt2.approves(MEMBER_3, "117M"), Gpt2.stage117MApproved());
        }

        @Test
        void aVoteCountsOnlyOnTheStageItNames() {
            fixture.given(Gpt2.registered(), Gpt2.stage117MProposed(), Gpt2.stage345MProposed(),
                            Gpt2.approves(MEMBER_2, "117M"))
                    .when(approve(MEMBER_3, "345M"))
                    .expectEvents(Gpt2.approves(MEMBER_3, "345M"));
        }

        @Test
        void aRejectionDoesNotCountTowardsApproval() {
            fixture.given(Gpt2.registered(), Gpt2.stage117MProposed(), Gpt2.rejects(MEMBER_2, "117M"))
                    .when(approve(MEMBER_3, "117M"))
                    .expectEvents(Gpt2.approves(MEMBER_3, "117M"));
        }

        @Test
        void proposerCannotVoteOnOwnStage() {
            refused(fixture.given(Gpt2.registered(), Gpt2.stage117MProposed()).when(approve(MEMBER_1, "117M")),
                    Rule.SELF_VOTE_NOT_ALLOWED);
        }

        @Test
        void oneVotePerMemberPerStage() {
            refused(fixture.given(Gpt2.registered(), Gpt2.stage117MProposed(), Gpt2.approves(MEMBER_2, "117M"))
                    .when(approve(MEMBER_2, "117M")), Rule.ONE_VOTE_PER_MEMBER);
        }

        @Test
        void votingClosesOnceTheStageIsApproved() {
            refused(fixture.given(approved117M())
                    .when(new CastVote(RELEASE_ID, "117M", VoteChoice.REJECT, "late", "member-4", null)),
                    Rule.VOTING_CLOSED);
        }

        @Test
        void votingOnAnUnknownStageIsRefused() {
            refused(fixture.given(Gpt2.registered()).when(approve(MEMBER_2, "117M")), Rule.STAGE_NOT_FOUND);
        }

        @Test
        void theRejectionQuorumRejectsTheStage() {
            fixture.given(Gpt2.registered(), Gpt2.stage117MProposed(), Gpt2.rejects(MEMBER_2, "117M"))
                    .when(reject(MEMBER_3, "117M"))
                    .expectEvents(Gpt2.rejects(MEMBER_3, "117M"),
                            new StageRejected(RELEASE_ID, "117M", List.of(MEMBER_2, MEMBER_3), 2, MEMBER_3));
        }

        @Test
        void votingClosesOnceTheStageIsRejected() {
            refused(fixture.given(rejected117M()).when(approve(CHAIR, "117M")), Rule.VOTING_CLOSED);
        }

        @Test
        void aRejectedStageCannotBeReleased() {
            refused(fixture.given(rejected117M()).when(release("117M", FEB_14)), Rule.STAGE_NOT_APPROVED);
        }
    }

    @Nested
    class Recusal {

        @Test
        void aMemberRecuses() {
            fixture.given(Gpt2.registered(), Gpt2.stage117MProposed())
                    .when(new Recuse(RELEASE_ID, "117M", "Advises a partner lab", MEMBER_2, null))
                    .expectEvents(new MemberRecused(RELEASE_ID, "117M", "Advises a partner lab", MEMBER_2));
        }

        @Test
        void aRecusedMemberCannotVote() {
            refused(fixture.given(Gpt2.registered(), Gpt2.stage117MProposed(), recused(MEMBER_2))
                    .when(approve(MEMBER_2, "117M")), Rule.MEMBER_RECUSED);
        }

        @Test
        void aMemberRecusesOnlyOnce() {
            refused(fixture.given(Gpt2.registered(), Gpt2.stage117MProposed(), recused(MEMBER_2))
                    .when(new Recuse(RELEASE_ID, "117M", null, MEMBER_2, null)), Rule.MEMBER_RECUSED);
        }

        @Test
        void aMemberWhoVotedCannotRecuse() {
            refused(fixture.given(Gpt2.registered(), Gpt2.stage117MProposed(), Gpt2.approves(MEMBER_2, "117M"))
                    .when(new Recuse(RELEASE_ID, "117M", null, MEMBER_2, null)), Rule.RECUSAL_AFTER_VOTE);
        }

        @Test
        void noRecusalOnAClosedVote() {
            refused(fixture.given(approved117M()).when(new Recuse(RELEASE_ID, "117M", null, CHAIR, null)),
                    Rule.VOTING_CLOSED);
        }
    }

    @Nested
    class Releasing {

        @Test
        void anApprovedStageIsReleased() {
            fixture.given(approved117M())
                    .when(new ReleaseStage(RELEASE_ID, "117M", "Weights and code published", FEB_14, CHAIR, null))
                    .expectEvents(new StageReleased(RELEASE_ID, "117M", "GPT-2", 117_000_000L, Access.PUBLIC,
                            "Weights and code published", CHAIR, FEB_14));
        }

        @Test
        void onlyAnApprovedStageCanBeReleased() {
            refused(fixture.given(Gpt2.registered(), Gpt2.stage117MProposed(), Gpt2.approves(MEMBER_2, "117M"))
                    .when(release("117M", FEB_14)), Rule.STAGE_NOT_APPROVED);
        }

        @Test
        void aStageIsReleasedOnlyOnce() {
            refused(fixture.given(with(approved117M(), Gpt2.stage117MReleased())).when(release("117M", FEB_14)),
                    Rule.STAGE_ALREADY_RELEASED);
        }

        @Test
        void notBeforeItsEarliestReleaseTime() {
            refused(fixture.given(storyThrough(e -> e instanceof StageApproved a && a.stageId().equals("117M")))
                    .when(release("117M", FEB_14.minusSeconds(1))), Rule.EARLIEST_RELEASE_NOT_REACHED);
        }

        @Test
        void notBeforeThePreviousStageWasReleased() {
            List<Object> given = storyUntil(e -> e instanceof StageApproved a && a.stageId().equals("117M"));
            given.addAll(Gpt2.publicStage(S345));
            refused(fixture.given(given).when(release("345M", NOV_05)), Rule.PREVIOUS_STAGE_NOT_RELEASED);
        }

        @Test
        void aRejectedStageDoesNotHoldBackTheNextOne() {
            List<Object> given = rejected117M();
            StageProposed next = new StageProposed(RELEASE_ID, "345M", 345_000_000L, Access.PUBLIC, "r", MEMBER_1);
            given.add(next);
            given.add(Gpt2.approves(MEMBER_2, "345M"));
            given.add(new StageApproved(RELEASE_ID, "345M", List.of(MEMBER_2, MEMBER_3), 2, MEMBER_3));
            fixture.given(given)
                    .when(release("345M", MAY_03))
                    .expectEvents(Gpt2.released(next, MAY_03));
        }

        @Test
        void aPublicStageWaitsTheMinimumIntervalAfterThePreviousPublicRelease() {
            refused(fixture.given(publicStageWithoutEarliestTime())
                    .when(release("345M", FEB_14.plus(Duration.ofDays(59)))), Rule.PUBLIC_INTERVAL_NOT_PASSED);
        }

        @Test
        void aPublicStageIsReleasedOnceTheIntervalPassed() {
            Instant sixtyDaysLater = FEB_14.plus(Duration.ofDays(60));
            fixture.given(publicStageWithoutEarliestTime())
                    .when(release("345M", sixtyDaysLater))
                    .expectEvents(new StageReleased(RELEASE_ID, "345M", "GPT-2", 345_000_000L, Access.PUBLIC,
                            "345M released", CHAIR, sixtyDaysLater));
        }

        private List<Object> publicStageWithoutEarliestTime() {
            List<Object> given = storyUntil(e -> e instanceof StageProposed p && p.stageId().equals("345M"));
            given.add(new StageProposed(RELEASE_ID, "345M", 345_000_000L, Access.PUBLIC, "r", MEMBER_1));
            given.addAll(Gpt2.publicStage(S345).subList(1, 7));
            return given;
        }

        @Test
        void theWholeGpt2StoryEndsWithTheLargestModelPublic() {
            List<Object> given = storyUntil(e -> e instanceof ReleaseScheduled);
            fixture.given(given)
                    .when(new ReleaseStage(RELEASE_ID, "1.5B-public", "1.5B-public released", NOV_05, CHAIR, null))
                    .expectEvents(Gpt2.released(S1558_PUBLIC, NOV_05));
        }
    }

    @Nested
    class Scheduling {

        @Test
        void aScheduledReleaseIsRecordedWithADurableDeadline() {
            fixture.given(approved117M())
                    .when(new ScheduleRelease(RELEASE_ID, "117M", FEB_14, "on time", FEB_14.minusSeconds(3600),
                            CHAIR, null))
                    .expectEvents(new ReleaseScheduled(RELEASE_ID, "117M", FEB_14, "on time", CHAIR))
                    .expectScheduledDeadlineWithName(FEB_14, Release.SCHEDULED_RELEASE);
        }

        @Test
        void theScheduledReleaseHappensWhenItComesDue() {
            fixture.givenCurrentTime(FEB_14.minusSeconds(3600))
                    .andGiven(approved117M())
                    .andGivenCommands(new ScheduleRelease(RELEASE_ID, "117M", FEB_14, "on time",
                            FEB_14.minusSeconds(3600), CHAIR, null))
                    .whenThenTimeAdvancesTo(FEB_14)
                    .expectDeadlinesMet(new ScheduledReleaseDue("117M", FEB_14))
                    .expectEvents(new StageReleased(RELEASE_ID, "117M", "GPT-2", 117_000_000L, Access.PUBLIC,
                            "on time", CHAIR, FEB_14, FEB_14));
        }

        @Test
        void aReleaseThatFellDueWhileTheServiceWasDownRecordsWhenItReallyHappened() {
            serviceBackAt = FEB_14.plus(Duration.ofHours(2));
            fixture.givenCurrentTime(FEB_14.minusSeconds(3600))
                    .andGiven(approved117M())
                    .andGivenCommands(new ScheduleRelease(RELEASE_ID, "117M", FEB_14, "on time",
                            FEB_14.minusSeconds(3600), CHAIR, null))
                    .whenThenTimeAdvancesTo(serviceBackAt)
                    .expectEvents(new StageReleased(RELEASE_ID, "117M", "GPT-2", 117_000_000L, Access.PUBLIC,
                            "on time", CHAIR, serviceBackAt, FEB_14));
        }

        @Test
        void aCancelledScheduleDoesNothingWhenItComesDue() {
            fixture.givenCurrentTime(FEB_14.minusSeconds(3600))
                    .andGiven(approved117M())
                    .andGivenCommands(new ScheduleRelease(RELEASE_ID, "117M", FEB_14, "on time",
                            FEB_14.minusSeconds(3600), CHAIR, null),
                            new CancelScheduledRelease(RELEASE_ID, "117M", CHAIR, null))
                    .whenThenTimeAdvancesTo(FEB_14)
                    .expectNoEvents();
        }

        @Test
        void aDueReleaseThatNowBreaksARuleIsCancelledNamingTheRule() {
            List<Object> given = storyUntil(e -> e instanceof StageApproved a && a.stageId().equals("117M"));
            given.addAll(Gpt2.publicStage(S345));
            fixture.givenCurrentTime(MAY_03.minusSeconds(60))
                    .andGiven(given)
                    .andGivenCommands(new ScheduleRelease(RELEASE_ID, "345M", MAY_03, "n", MAY_03.minusSeconds(60),
                            CHAIR, null))
                    .whenThenTimeAdvancesTo(MAY_03)
                    .expectEvents(new ScheduledReleaseCancelled(RELEASE_ID, "345M", MAY_03,
                            "Stage 345M comes after 117M, which is not released yet.", CHAIR));
        }

        @Test
        void theChairCancelsAScheduledRelease() {
            fixture.given(with(approved117M(), new ReleaseScheduled(RELEASE_ID, "117M", FEB_14, "n", CHAIR)))
                    .when(new CancelScheduledRelease(RELEASE_ID, "117M", CHAIR, null))
                    .expectEvents(new ScheduledReleaseCancelled(RELEASE_ID, "117M", FEB_14, "cancelled by the chair",
                            CHAIR));
        }

        @Test
        void cancellingWithoutAScheduleIsRefused() {
            refused(fixture.given(approved117M()).when(new CancelScheduledRelease(RELEASE_ID, "117M", CHAIR, null)),
                    Rule.NO_SCHEDULED_RELEASE);
        }

        @Test
        void aReleaseAskedForATimeThatHasPassedIsRefused() {
            Instant justTooLate = FEB_14.plus(Release.SAME_MOMENT).plusMillis(1);
            refused(fixture.given(approved117M())
                    .when(new ScheduleRelease(RELEASE_ID, "117M", FEB_14, "n", justTooLate, CHAIR, null)),
                    Rule.SCHEDULE_IN_PAST);
        }

        @Test
        void aReleaseAskedForNowIsCarriedOutAtOnce() {
            fixture.given(approved117M())
                    .when(new ScheduleRelease(RELEASE_ID, "117M", FEB_14, "now", FEB_14, CHAIR, null))
                    .expectEvents(new StageReleased(RELEASE_ID, "117M", "GPT-2", 117_000_000L, Access.PUBLIC, "now",
                            CHAIR, FEB_14))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void aReleaseAskedForAMomentAgoMeansNow() {
            Instant now = FEB_14.plus(Release.SAME_MOMENT);
            fixture.given(approved117M())
                    .when(new ScheduleRelease(RELEASE_ID, "117M", FEB_14, "now", now, CHAIR, null))
                    .expectEvents(new StageReleased(RELEASE_ID, "117M", "GPT-2", 117_000_000L, Access.PUBLIC, "now",
                            CHAIR, now))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void aReleaseAskedForNowKeepsTheRules() {
            refused(fixture.given(Gpt2.registered(), Gpt2.stage117MProposed())
                    .when(new ScheduleRelease(RELEASE_ID, "117M", FEB_14, "now", FEB_14, CHAIR, null)),
                    Rule.STAGE_NOT_APPROVED);
        }

        @Test
        void onlyAnApprovedStageIsScheduled() {
            refused(fixture.given(Gpt2.registered(), Gpt2.stage117MProposed())
                    .when(new ScheduleRelease(RELEASE_ID, "117M", NOV_05, "n", FEB_14, CHAIR, null)),
                    Rule.STAGE_NOT_APPROVED);
        }

        @Test
        void aStageIsScheduledOnlyOnce() {
            refused(fixture.given(with(approved117M(), new ReleaseScheduled(RELEASE_ID, "117M", NOV_05, "n", CHAIR)))
                    .when(new ScheduleRelease(RELEASE_ID, "117M", AUG_20, "n", FEB_14, CHAIR, null)),
                    Rule.RELEASE_ALREADY_SCHEDULED);
        }
    }

    @Nested
    class PartnerAccess {

        private final Instant nextYear = Instant.parse("2020-05-10T00:00:00Z");

        @Test
        void theChairGrantsAPartnerAnApprovedStage() {
            fixture.given(storyThrough(e -> e instanceof StageApproved a && a.stageId().equals("762M")))
                    .when(grant("762M", DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, nextYear, MAY_10))
                    .expectEvents(Gpt2.grant("762M", DETECTION_PARTNER));
        }

        @Test
        void noGrantForAStageThatIsOnlyProposed() {
            refused(fixture.given(Gpt2.registered(), S762)
                    .when(grant("762M", DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, nextYear, MAY_10)),
                    Rule.PARTNER_ACCESS_NOT_ALLOWED);
        }

        @Test
        void neverAGrantForAWithdrawnStage() {
            refused(fixture.given(with(approved117M(), new StageWithdrawn(RELEASE_ID, "117M", "risk", CHAIR)))
                    .when(grant("117M", DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, nextYear, FEB_14)),
                    Rule.STAGE_WITHDRAWN);
        }

        @Test
        void aGrantMustExpireInTheFuture() {
            refused(fixture.given(approved117M())
                    .when(grant("117M", DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, FEB_14, FEB_14)),
                    Rule.EXPIRY_IN_PAST);
        }

        @Test
        void anOtherPurposeNeedsADescription() {
            refused(fixture.given(approved117M())
                    .when(new GrantPartnerAccess(RELEASE_ID, "117M", "Lab", PartnerPurpose.OTHER, " ", "A-1",
                            nextYear, FEB_14, CHAIR, null)), Rule.PURPOSE_DESCRIPTION_REQUIRED);
        }

        @Test
        void aPartnerWithActiveAccessIsNotGrantedTwice() {
            refused(fixture.given(storyThrough(e -> e instanceof PartnerAccessGranted))
                    .when(grant("762M", DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, nextYear, AUG_01)),
                    Rule.PARTNER_ALREADY_GRANTED);
        }

        @Test
        void anExpiredGrantCanBeRenewed() {
            Instant afterExpiry = nextYear.plusSeconds(1);
            Instant renewedUntil = Instant.parse("2021-05-10T00:00:00Z");
            fixture.given(storyThrough(e -> e instanceof PartnerAccessGranted))
                    .when(grant("762M", DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, renewedUntil,
                            afterExpiry))
                    .expectEvents(new PartnerAccessGranted(RELEASE_ID, "762M", DETECTION_PARTNER,
                            PartnerPurpose.DETECTION_RESEARCH, "Detecting synthetic text", "LPA-2019-762M",
                            renewedUntil, CHAIR));
        }

        @Test
        void theChairRevokesAnActiveGrant() {
            fixture.given(storyThrough(e -> e instanceof PartnerAccessGranted))
                    .when(new RevokePartnerAccess(RELEASE_ID, "762M", DETECTION_PARTNER, "Agreement breached",
                            AUG_01, CHAIR, null))
                    .expectEvents(new PartnerAccessRevoked(RELEASE_ID, "762M", DETECTION_PARTNER,
                            "Agreement breached", CHAIR));
        }

        @Test
        void anExpiredGrantCannotBeRevoked() {
            refused(fixture.given(storyThrough(e -> e instanceof PartnerAccessGranted))
                    .when(new RevokePartnerAccess(RELEASE_ID, "762M", DETECTION_PARTNER, "late",
                            nextYear.plusSeconds(1), CHAIR, null)), Rule.NO_ACTIVE_GRANT);
        }

        @Test
        void aPartnerWithoutAGrantCannotBeRevoked() {
            refused(fixture.given(storyThrough(e -> e instanceof PartnerAccessGranted))
                    .when(new RevokePartnerAccess(RELEASE_ID, "762M", "Unknown Lab", "r", AUG_01, CHAIR, null)),
                    Rule.NO_ACTIVE_GRANT);
        }
    }

    @Nested
    class MisuseAndHalts {

        private final MisuseReported report = (MisuseReported) Gpt2.wholeStory().stream()
                .filter(e -> e instanceof MisuseReported).findFirst().orElseThrow();

        @Test
        void aMisuseReportHaltsEveryLaterStageNotYetReleased() {
            List<Object> given = storyUntil(e -> e instanceof MisuseReported);
            given.add(new StageProposed(RELEASE_ID, "3B", 3_000_000_000L, Access.PARTNERS, "next", MEMBER_1));
            fixture.given(given)
                    .when(new ReportMisuse(RELEASE_ID, "762M", report.reportedBy(), report.summary(),
                            RiskLevel.HIGH, MEMBER_2, null))
                    .expectEvents(report, halt("1.5B-public"), halt("3B"));
        }

        @Test
        void misuseIsReportedOnlyOnAReleasedStage() {
            refused(fixture.given(approved117M())
                    .when(new ReportMisuse(RELEASE_ID, "117M", "Someone", "s", RiskLevel.LOW, MEMBER_2, null)),
                    Rule.MISUSE_ON_UNRELEASED_STAGE);
        }

        @Test
        void aHaltedStageCannotBeVotedOn() {
            refused(fixture.given(storyThrough(e -> e instanceof StageHalted))
                    .when(approve(MEMBER_2, "1.5B-public")), Rule.STAGE_HALTED);
        }

        @Test
        void aHaltedStageCannotBeReleased() {
            List<Object> given = storyUntil(e -> e instanceof MisuseReported);
            given.addAll(Gpt2.publicStage(S1558_PUBLIC).subList(1, 7));
            given.add(report);
            given.add(halt("1.5B-public"));
            refused(fixture.given(given).when(release("1.5B-public", NOV_05)), Rule.STAGE_HALTED);
        }

        @Test
        void aHaltCancelsAScheduledRelease() {
            List<Object> given = storyUntil(e -> e instanceof MisuseReported);
            given.addAll(Gpt2.publicStage(S1558_PUBLIC).subList(1, 7));
            given.add(new ReleaseScheduled(RELEASE_ID, "1.5B-public", NOV_05, "n", CHAIR));
            fixture.given(given)
                    .when(new ReportMisuse(RELEASE_ID, "762M", report.reportedBy(), report.summary(),
                            RiskLevel.HIGH, MEMBER_2, null))
                    .expectEvents(report, new ScheduledReleaseCancelled(RELEASE_ID, "1.5B-public", NOV_05,
                            "halted by a misuse report on 762M", MEMBER_2), halt("1.5B-public"));
        }

        @Test
        void theCommitteeResumesAHaltedStageByAQuorumOfVotes() {
            List<Object> given = storyThrough(e -> e instanceof ResumeVoteCast r && r.actor().equals(MEMBER_3));
            fixture.given(given)
                    .when(new CastResumeVote(RELEASE_ID, "1.5B-public", VoteChoice.APPROVE,
                            "Detection work and the six-month analysis answer the report", CHAIR, null))
                    .expectEvents(new ResumeVoteCast(RELEASE_ID, "1.5B-public", VoteChoice.APPROVE,
                                    "Detection work and the six-month analysis answer the report", CHAIR),
                            new StageResumed(RELEASE_ID, "1.5B-public", List.of(MEMBER_2, MEMBER_3, CHAIR), 3,
                                    CHAIR));
        }

        @Test
        void onlyAHaltedStageIsResumed() {
            refused(fixture.given(approved117M())
                    .when(new CastResumeVote(RELEASE_ID, "117M", VoteChoice.APPROVE, "r", MEMBER_2, null)),
                    Rule.STAGE_NOT_HALTED);
        }

        @Test
        void oneResumeVotePerMember() {
            refused(fixture.given(storyThrough(e -> e instanceof ResumeVoteCast))
                    .when(new CastResumeVote(RELEASE_ID, "1.5B-public", VoteChoice.APPROVE, "r", MEMBER_2, null)),
                    Rule.ONE_VOTE_PER_MEMBER);
        }

        private StageHalted halt(String stageId) {
            return new StageHalted(RELEASE_ID, stageId, "762M", report.summary(), MEMBER_2);
        }
    }

    @Nested
    class Withdrawal {

        @Test
        void withdrawingAStageEndsItsActivePartnerGrants() {
            fixture.given(storyThrough(e -> e instanceof PartnerAccessGranted))
                    .when(new WithdrawStage(RELEASE_ID, "762M", "Misuse found", AUG_01, CHAIR, null))
                    .expectEvents(new StageWithdrawn(RELEASE_ID, "762M", "Misuse found", CHAIR),
                            new PartnerAccessRevoked(RELEASE_ID, "762M", DETECTION_PARTNER,
                                    "stage withdrawn: Misuse found", CHAIR));
        }

        @Test
        void aStageIsWithdrawnOnlyOnce() {
            refused(fixture.given(with(approved117M(), new StageWithdrawn(RELEASE_ID, "117M", "r", CHAIR)))
                    .when(new WithdrawStage(RELEASE_ID, "117M", "again", FEB_14, CHAIR, null)),
                    Rule.STAGE_WITHDRAWN);
        }

        @Test
        void aWithdrawnReleasedStageStillCountsAsReleasedForTheNextStage() {
            List<Object> given = storyUntil(e -> e instanceof StageApproved a && a.stageId().equals("345M"));
            given.add(new StageWithdrawn(RELEASE_ID, "117M", "superseded", CHAIR));
            given.add(new StageApproved(RELEASE_ID, "345M", List.of(MEMBER_2, MEMBER_3, CHAIR), 3, CHAIR));
            fixture.given(given).when(release("345M", MAY_03)).expectEvents(Gpt2.released(S345, MAY_03));
        }

        @Test
        void aWithdrawnStageIsNotReleased() {
            refused(fixture.given(with(approved117M(), new StageWithdrawn(RELEASE_ID, "117M", "r", CHAIR)))
                    .when(release("117M", FEB_14)), Rule.STAGE_NOT_APPROVED);
        }
    }

    @Nested
    class Reviews {

        @Test
        void theChairSchedulesAReview() {
            fixture.given(storyThrough(e -> e instanceof StageHalted))
                    .when(new ScheduleReview(RELEASE_ID, "six-month-review", "345M", "Six-month analysis", AUG_20,
                            AUG_01, CHAIR, null))
                    .expectEvents(new ReviewScheduled(RELEASE_ID, "345M", "six-month-review", "Six-month analysis",
                            AUG_20, CHAIR));
        }

        @Test
        void aReviewIsDueInTheFuture() {
            refused(fixture.given(approved117M())
                    .when(new ScheduleReview(RELEASE_ID, "r1", "117M", "t", FEB_14, FEB_14, CHAIR, null)),
                    Rule.REVIEW_DUE_IN_PAST);
        }

        @Test
        void aReviewIsOfAKnownStage() {
            refused(fixture.given(approved117M())
                    .when(new ScheduleReview(RELEASE_ID, "r1", "9B", "t", AUG_20, FEB_14, CHAIR, null)),
                    Rule.STAGE_NOT_FOUND);
        }

        @Test
        void theChairPublishesAScheduledReview() {
            ReviewPublished published = (ReviewPublished) Gpt2.wholeStory().stream()
                    .filter(e -> e instanceof ReviewPublished).findFirst().orElseThrow();
            fixture.given(storyThrough(e -> e instanceof ReviewScheduled))
                    .when(new PublishReview(RELEASE_ID, "six-month-review", published.summary(), published.url(),
                            CHAIR, null))
                    .expectEvents(published);
        }

        @Test
        void anUnknownReviewIsNotPublished() {
            refused(fixture.given(approved117M())
                    .when(new PublishReview(RELEASE_ID, "nope", "s", "https://x", CHAIR, null)),
                    Rule.REVIEW_NOT_FOUND);
        }

        @Test
        void aReviewIsPublishedOnlyOnce() {
            refused(fixture.given(storyThrough(e -> e instanceof ReviewPublished))
                    .when(new PublishReview(RELEASE_ID, "six-month-review", "s", "https://x", CHAIR, null)),
                    Rule.REVIEW_ALREADY_PUBLISHED);
        }
    }

    /** What the clock records of reviews and grants, which no one sends a command for. */
    @Nested
    class Commitments {

        private final Instant nextYear = Instant.parse("2020-05-10T00:00:00Z");
        private final ScheduleReview sixMonthReview = new ScheduleReview(RELEASE_ID, "six-month-review", "345M",
                "Six-month analysis", AUG_20, AUG_01, CHAIR, null);
        private final ReviewReminder reminder =
                new ReviewReminder(RELEASE_ID, "345M", "six-month-review", "Six-month analysis", AUG_20, CHAIR);
        private final ReviewOverdue overdue =
                new ReviewOverdue(RELEASE_ID, "345M", "six-month-review", "Six-month analysis", AUG_20, CHAIR);
        private final PartnerAccessExpiring expiring = new PartnerAccessExpiring(RELEASE_ID, "762M",
                DETECTION_PARTNER, "LPA-2019-762M", nextYear, CHAIR);
        private final PartnerAccessExpired expired = new PartnerAccessExpired(RELEASE_ID, "762M", DETECTION_PARTNER,
                "LPA-2019-762M", nextYear, CHAIR);

        @Test
        void aScheduledReviewIsRemindedOfTheConfiguredTimeBeforeItIsDueAndCheckedWhenDue() {
            fixture.given(storyThrough(e -> e instanceof StageHalted))
                    .when(sixMonthReview)
                    .expectScheduledDeadlineWithName(AUG_20.minus(Duration.ofDays(14)), Release.REVIEW_REMINDER)
                    .expectScheduledDeadlineWithName(AUG_20, Release.REVIEW_OVERDUE);
        }

        @Test
        void aReviewDueSoonerThanTheReminderTimeIsRemindedOfAtOnce() {
            Instant tenDaysBefore = AUG_20.minus(Duration.ofDays(10));
            fixture.givenCurrentTime(tenDaysBefore)
                    .andGiven(storyThrough(e -> e instanceof StageHalted))
                    .when(new ScheduleReview(RELEASE_ID, "six-month-review", "345M", "Six-month analysis", AUG_20,
                            tenDaysBefore, CHAIR, null))
                    .expectScheduledDeadlineWithName(tenDaysBefore, Release.REVIEW_REMINDER)
                    .expectScheduledDeadlineWithName(AUG_20, Release.REVIEW_OVERDUE);
        }

        @Test
        void anUnpublishedReviewIsRemindedOfAndMarkedOverdue() {
            fixture.givenCurrentTime(AUG_01)
                    .andGiven(storyThrough(e -> e instanceof StageHalted))
                    .andGivenCommands(sixMonthReview)
                    .whenThenTimeAdvancesTo(AUG_20)
                    .expectEvents(reminder, overdue);
        }

        @Test
        void aReminderAndAnOverdueMarkAreRecordedOnceHoweverOftenTheirDeadlinesFire() {
            fixture.givenCurrentTime(AUG_01)
                    .andGiven(storyThrough(e -> e instanceof StageHalted))
                    .andGivenCommands(sixMonthReview)
                    .andGiven(reminder, overdue)
                    .whenThenTimeAdvancesTo(AUG_20)
                    .expectNoEvents();
        }

        @Test
        void aReminderThatFiresAgainAfterItWasRecordedLeavesOnlyTheOverdueMark() {
            fixture.givenCurrentTime(AUG_01)
                    .andGiven(storyThrough(e -> e instanceof StageHalted))
                    .andGivenCommands(sixMonthReview)
                    .andGiven(reminder)
                    .whenThenTimeAdvancesTo(AUG_20)
                    .expectEvents(overdue);
        }

        @Test
        void aReminderThatComesAfterTheOverdueMarkIsNotRecorded() {
            fixture.givenCurrentTime(AUG_01)
                    .andGiven(storyThrough(e -> e instanceof StageHalted))
                    .andGivenCommands(sixMonthReview)
                    .andGiven(overdue)
                    .whenThenTimeAdvancesTo(AUG_20)
                    .expectNoEvents();
        }

        @Test
        void aPublishedReviewIsNeitherRemindedOfNorOverdue() {
            fixture.givenCurrentTime(AUG_01)
                    .andGiven(storyThrough(e -> e instanceof StageHalted))
                    .andGivenCommands(sixMonthReview,
                            new PublishReview(RELEASE_ID, "six-month-review", "s", "https://x", CHAIR, null))
                    .whenThenTimeAdvancesTo(AUG_20.plus(Duration.ofDays(1)))
                    .expectNoEvents();
        }

        @Test
        void aReviewScheduledAnewIsNotRemindedOfByTheEarlierSchedulesDeadlines() {
            Instant later = AUG_20.plus(Duration.ofDays(60));
            fixture.givenCurrentTime(AUG_01)
                    .andGiven(storyThrough(e -> e instanceof StageHalted))
                    .andGivenCommands(sixMonthReview, new ScheduleReview(RELEASE_ID, "six-month-review", "345M",
                            "Six-month analysis", later, AUG_01, CHAIR, null))
                    .whenThenTimeAdvancesTo(AUG_20)
                    .expectNoEvents();
        }

        @Test
        void aGrantIsNoticedTheConfiguredTimeBeforeItExpiresAndEndsWhenItExpires() {
            fixture.given(storyThrough(e -> e instanceof StageApproved a && a.stageId().equals("762M")))
                    .when(grant("762M", DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, nextYear, MAY_10))
                    .expectScheduledDeadlineWithName(nextYear.minus(Duration.ofDays(30)),
                            Release.PARTNER_ACCESS_EXPIRING)
                    .expectScheduledDeadlineWithName(nextYear, Release.PARTNER_ACCESS_EXPIRED);
        }

        @Test
        void aHeldGrantIsNoticedAsExpiringAndThenExpires() {
            fixture.givenCurrentTime(MAY_10)
                    .andGiven(storyThrough(e -> e instanceof StageApproved a && a.stageId().equals("762M")))
                    .andGivenCommands(grant("762M", DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, nextYear,
                            MAY_10))
                    .whenThenTimeAdvancesTo(nextYear)
                    .expectEvents(expiring, expired);
        }

        @Test
        void aGrantWithinTheNoticeWindowIsNoticedAtOnce() {
            Instant inTenDays = MAY_10.plus(Duration.ofDays(10));
            fixture.givenCurrentTime(MAY_10)
                    .andGiven(storyThrough(e -> e instanceof StageApproved a && a.stageId().equals("762M")))
                    .andGivenCommands(grant("762M", DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, inTenDays,
                            MAY_10))
                    .whenTimeElapses(Duration.ofSeconds(1))
                    .expectEvents(new PartnerAccessExpiring(RELEASE_ID, "762M", DETECTION_PARTNER, "LPA-2019-762M",
                            inTenDays, CHAIR));
        }

        @Test
        void anExpiryNoticeAndAnEndAreRecordedOnceHoweverOftenTheirDeadlinesFire() {
            fixture.givenCurrentTime(MAY_10)
                    .andGiven(storyThrough(e -> e instanceof StageApproved a && a.stageId().equals("762M")))
                    .andGivenCommands(grant("762M", DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, nextYear,
                            MAY_10))
                    .andGiven(expiring, expired)
                    .whenThenTimeAdvancesTo(nextYear)
                    .expectNoEvents();
        }

        @Test
        void anExpiryNoticeThatComesAfterTheEndIsNotRecorded() {
            fixture.givenCurrentTime(MAY_10)
                    .andGiven(storyThrough(e -> e instanceof StageApproved a && a.stageId().equals("762M")))
                    .andGivenCommands(grant("762M", DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, nextYear,
                            MAY_10))
                    .andGiven(expired)
                    .whenThenTimeAdvancesTo(nextYear)
                    .expectNoEvents();
        }

        @Test
        void aRevokedGrantNeverExpires() {
            fixture.givenCurrentTime(MAY_10)
                    .andGiven(storyThrough(e -> e instanceof StageApproved a && a.stageId().equals("762M")))
                    .andGivenCommands(grant("762M", DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, nextYear,
                            MAY_10), new RevokePartnerAccess(RELEASE_ID, "762M", DETECTION_PARTNER, "breach", AUG_01,
                            CHAIR, null))
                    .whenThenTimeAdvancesTo(nextYear)
                    .expectNoEvents();
        }

        @Test
        void aWithdrawnStagesGrantNeverExpires() {
            fixture.givenCurrentTime(MAY_10)
                    .andGiven(storyThrough(e -> e instanceof StageApproved a && a.stageId().equals("762M")))
                    .andGivenCommands(grant("762M", DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, nextYear,
                            MAY_10), new WithdrawStage(RELEASE_ID, "762M", "Misuse found", AUG_01, CHAIR, null))
                    .whenThenTimeAdvancesTo(nextYear)
                    .expectNoEvents();
        }

        @Test
        void aPartnerGrantedAnewIsNotExpiredByTheEarlierGrantsDeadlines() {
            Instant renewedUntil = Instant.parse("2021-05-10T00:00:00Z");
            fixture.givenCurrentTime(MAY_10)
                    .andGiven(storyThrough(e -> e instanceof StageApproved a && a.stageId().equals("762M")))
                    .andGivenCommands(grant("762M", DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, nextYear,
                                    MAY_10),
                            new RevokePartnerAccess(RELEASE_ID, "762M", DETECTION_PARTNER, "new terms", AUG_01, CHAIR,
                                    null),
                            grant("762M", DETECTION_PARTNER, PartnerPurpose.DETECTION_RESEARCH, renewedUntil, AUG_01))
                    .whenThenTimeAdvancesTo(nextYear.plus(Duration.ofDays(1)))
                    .expectNoEvents();
        }
    }

    private static void refused(ResultValidator<Release> result, Rule rule) {
        result.expectNoEvents().expectException(violating(rule));
    }

    private static Matcher<RuleViolation> violating(Rule rule) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(RuleViolation violation) {
                return violation.rule() == rule;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a violation of " + rule);
            }
        };
    }

    private static CastVote approve(String member, String stageId) {
        return new CastVote(RELEASE_ID, stageId, VoteChoice.APPROVE, Gpt2.approves(member, stageId).rationale(),
                member, null);
    }

    private static CastVote reject(String member, String stageId) {
        return new CastVote(RELEASE_ID, stageId, VoteChoice.REJECT, Gpt2.rejects(member, stageId).rationale(),
                member, null);
    }

    private static ReleaseStage release(String stageId, Instant now) {
        return new ReleaseStage(RELEASE_ID, stageId, stageId + " released", now, CHAIR, null);
    }

    private static LogExpertInput logInput(ExpertInputLogged input) {
        return new LogExpertInput(RELEASE_ID, input.stageId(), input.factor(), input.risk(), input.summary(),
                input.references(), input.actor(), null);
    }

    private static GrantPartnerAccess grant(String stageId, String partner, PartnerPurpose purpose, Instant expiresAt,
                                            Instant now) {
        return new GrantPartnerAccess(RELEASE_ID, stageId, partner, purpose, "Detecting synthetic text",
                "LPA-2019-" + stageId, expiresAt, now, CHAIR, null);
    }

    private static MemberRecused recused(String member) {
        return new MemberRecused(RELEASE_ID, "117M", "conflict of interest", member);
    }

    private static List<Object> approved117M() {
        return with(List.of(Gpt2.registered(), Gpt2.stage117MProposed(), Gpt2.approves(MEMBER_2, "117M"),
                Gpt2.approves(MEMBER_3, "117M"), Gpt2.stage117MApproved()));
    }

    private static List<Object> rejected117M() {
        return with(List.of(Gpt2.registered(), Gpt2.stage117MProposed(), Gpt2.rejects(MEMBER_2, "117M"),
                Gpt2.rejects(MEMBER_3, "117M"),
                new StageRejected(RELEASE_ID, "117M", List.of(MEMBER_2, MEMBER_3), 2, MEMBER_3)));
    }

    /** The whole GPT-2 story up to (not including) the first event that matches. */
    private static List<Object> storyUntil(Predicate<GovernanceEvent> first) {
        List<GovernanceEvent> story = Gpt2.wholeStory();
        int end = 0;
        while (!first.test(story.get(end))) {
            end++;
        }
        return new ArrayList<>(story.subList(0, end));
    }

    /** The whole GPT-2 story up to and including the first event that matches. */
    private static List<Object> storyThrough(Predicate<GovernanceEvent> first) {
        List<Object> story = storyUntil(first);
        story.add(Gpt2.wholeStory().get(story.size()));
        return story;
    }

    private static List<Object> with(List<?> events, Object... more) {
        List<Object> all = new ArrayList<>(events);
        all.addAll(List.of(more));
        return all;
    }

    private static java.util.stream.Collector<Object, ?, List<Object>> prepend(Object first) {
        return java.util.stream.Collector.of(() -> with(List.of(first)), List::add,
                (a, b) -> {
                    a.addAll(b);
                    return a;
                });
    }
}
