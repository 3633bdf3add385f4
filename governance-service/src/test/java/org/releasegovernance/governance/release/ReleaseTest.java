package org.releasegovernance.governance.release;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.Gpt2;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.ReleaseRegistered;
import org.releasegovernance.events.StageApproved;
import org.releasegovernance.events.VoteCast;
import org.releasegovernance.events.VoteChoice;
import org.releasegovernance.governance.release.Commands.CastVote;
import org.releasegovernance.governance.release.Commands.ProposeStage;
import org.releasegovernance.governance.release.Commands.RegisterRelease;
import org.releasegovernance.governance.release.Commands.ReleaseStage;

import java.util.ArrayList;
import java.util.List;

import static org.releasegovernance.events.Gpt2.MEMBER_1;
import static org.releasegovernance.events.Gpt2.MEMBER_2;
import static org.releasegovernance.events.Gpt2.MEMBER_3;
import static org.releasegovernance.events.Gpt2.RELEASE_ID;

class ReleaseTest {

    private AggregateTestFixture<Release> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Release.class);
    }

    @Test
    void registeringARecordsItsPolicy() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRelease(RELEASE_ID, "GPT-2", new Policy(2), Gpt2.CHAIR))
                .expectEvents(Gpt2.registered());
    }

    @Test
    void aMemberProposesAStage() {
        fixture.given(Gpt2.registered())
                .when(new ProposeStage(RELEASE_ID, "117M", 117_000_000L, Access.PUBLIC,
                        Gpt2.stage117MProposed().rationale(), MEMBER_1))
                .expectEvents(Gpt2.stage117MProposed());
    }

    @Test
    void aStageCannotBeProposedTwice() {
        fixture.given(Gpt2.registered(), Gpt2.stage117MProposed())
                .when(new ProposeStage(RELEASE_ID, "117M", 117_000_000L, Access.PUBLIC, "again", MEMBER_2))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectExceptionMessage("Stage 117M of gpt-2 was already proposed.");
    }

    @Test
    void aVoteBelowTheQuorumIsRecordedWithoutApproval() {
        fixture.given(Gpt2.registered(), Gpt2.stage117MProposed())
                .when(approve(MEMBER_2))
                .expectEvents(Gpt2.approves(MEMBER_2, "117M"));
    }

    @Test
    void theQuorumOfDistinctApprovalsApprovesTheStage() {
        fixture.given(Gpt2.registered(), Gpt2.stage117MProposed(), Gpt2.approves(MEMBER_2, "117M"))
                .when(approve(MEMBER_3))
                .expectEvents(Gpt2.approves(MEMBER_3, "117M"), Gpt2.stage117MApproved());
    }

    @Test
    void aRejectionDoesNotCountTowardsApproval() {
        VoteCast rejection = new VoteCast(RELEASE_ID, "117M", VoteChoice.REJECT, "Too risky", MEMBER_2);
        fixture.given(Gpt2.registered(), Gpt2.stage117MProposed(), rejection)
                .when(approve(MEMBER_3))
                .expectEvents(Gpt2.approves(MEMBER_3, "117M"));
    }

    @Test
    void proposerCannotVoteOnOwnStage() {
        fixture.given(Gpt2.registered(), Gpt2.stage117MProposed())
                .when(approve(MEMBER_1))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectExceptionMessage("The proposer of stage 117M cannot vote on it.");
    }

    @Test
    void oneVotePerMemberPerStage() {
        fixture.given(Gpt2.registered(), Gpt2.stage117MProposed(), Gpt2.approves(MEMBER_2, "117M"))
                .when(approve(MEMBER_2))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectExceptionMessage("member-2 already voted on stage 117M.");
    }

    @Test
    void votingClosesOnceTheStageIsApproved() {
        fixture.given(approvedStory())
                .when(new CastVote(RELEASE_ID, "117M", VoteChoice.REJECT, "late", "member-4"))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectExceptionMessage("Voting on stage 117M is closed: the stage is APPROVED.");
    }

    @Test
    void votingOnAnUnknownStageIsRefused() {
        fixture.given(Gpt2.registered())
                .when(approve(MEMBER_2))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectExceptionMessage("Release gpt-2 has no stage 117M.");
    }

    @Test
    void anApprovedStageIsReleased() {
        fixture.given(approvedStory())
                .when(new ReleaseStage(RELEASE_ID, "117M", "Weights and code published", Gpt2.CHAIR))
                .expectEvents(Gpt2.stage117MReleased());
    }

    @Test
    void onlyAnApprovedStageCanBeReleased() {
        fixture.given(Gpt2.registered(), Gpt2.stage117MProposed(), Gpt2.approves(MEMBER_2, "117M"))
                .when(new ReleaseStage(RELEASE_ID, "117M", "too early", Gpt2.CHAIR))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectExceptionMessage("Stage 117M is PROPOSED; only an approved stage can be released.");
    }

    @Test
    void aStageIsReleasedOnlyOnce() {
        List<Object> released = new ArrayList<>(approvedStory());
        released.add(Gpt2.stage117MReleased());
        fixture.given(released)
                .when(new ReleaseStage(RELEASE_ID, "117M", "again", Gpt2.CHAIR))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectExceptionMessage("Stage 117M was already released.");
    }

    @Test
    void theApprovalRecordsTheQuorumThatApplied() {
        fixture.given(new ReleaseRegistered(RELEASE_ID, "GPT-2", new Policy(1),
                        Gpt2.CHAIR), Gpt2.stage117MProposed())
                .when(approve(MEMBER_3))
                .expectEvents(Gpt2.approves(MEMBER_3, "117M"),
                        new StageApproved(RELEASE_ID, "117M", List.of(MEMBER_3), 1, MEMBER_3));
    }

    private static CastVote approve(String member) {
        VoteCast vote = Gpt2.approves(member, "117M");
        return new CastVote(RELEASE_ID, "117M", VoteChoice.APPROVE, vote.rationale(), member);
    }

    private static List<Object> approvedStory() {
        return List.of(Gpt2.registered(), Gpt2.stage117MProposed(), Gpt2.approves(MEMBER_2, "117M"),
                Gpt2.approves(MEMBER_3, "117M"), Gpt2.stage117MApproved());
    }
}
