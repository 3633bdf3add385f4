package org.releasegovernance.events.state;

import org.releasegovernance.events.EventTypes;
import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.Gpt2;
import org.releasegovernance.events.ReviewPublished;
import org.releasegovernance.events.StageHalted;
import org.releasegovernance.events.StageRejected;
import org.releasegovernance.events.StageWithdrawn;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ReleaseStateFoldTest {

    private static final Instant START = Instant.parse("2019-02-14T12:00:00Z");

    @Test
    void nothingIsKnownBeforeTheReleaseIsRegistered() {
        assertThat(new ReleaseStateFold().state()).isEmpty();
    }

    @Test
    void theWholeStoryEndsWithTheStageReleasedAndBothVotesRecorded() {
        ReleaseState state = fold(Gpt2.stage117MStory());

        assertThat(state.model()).isEqualTo("GPT-2");
        assertThat(state.version()).isEqualTo(5);
        assertThat(state.stages()).singleElement().satisfies(stage -> {
            assertThat(stage.status()).isEqualTo(StageStatus.RELEASED);
            assertThat(stage.proposedBy()).isEqualTo(Gpt2.MEMBER_1);
            assertThat(stage.votes()).extracting(VoteRecord::member, VoteRecord::at)
                    .containsExactly(tuple(Gpt2.MEMBER_2, START.plusSeconds(2)),
                            tuple(Gpt2.MEMBER_3, START.plusSeconds(3)));
            assertThat(stage.releasedBy()).isEqualTo(Gpt2.CHAIR);
            assertThat(stage.releasedAt()).isEqualTo(START.plusSeconds(5));
        });
    }

    @Test
    void aPrefixOfTheStoryShowsTheStateAtThatPoint() {
        ReleaseState state = fold(Gpt2.stage117MStory().subList(0, 3));

        assertThat(state.version()).isEqualTo(2);
        assertThat(state.stages()).singleElement().satisfies(stage -> {
            assertThat(stage.status()).isEqualTo(StageStatus.PROPOSED);
            assertThat(stage.votes()).hasSize(1);
        });
    }

    @Test
    void theWholeGpt2StoryShowsEveryStageItsInputsGrantsHaltsAndReviews() {
        ReleaseState state = fold(Gpt2.wholeStory());

        assertThat(state.policy()).isEqualTo(Gpt2.POLICY);
        assertThat(state.stages()).extracting(StageState::stageId, StageState::status).containsExactly(
                tuple("117M", StageStatus.RELEASED), tuple("345M", StageStatus.RELEASED),
                tuple("762M", StageStatus.RELEASED), tuple("1.5B", StageStatus.RELEASED),
                tuple("1.5B-public", StageStatus.RELEASED));
        StageState s762 = state.stages().get(2);
        assertThat(s762.expertInputs()).hasSize(5);
        assertThat(s762.grants()).singleElement().satisfies(grant -> {
            assertThat(grant.partner()).isEqualTo(Gpt2.DETECTION_PARTNER);
            assertThat(grant.activeAt(Gpt2.AUG_01)).isTrue();
        });
        assertThat(s762.misuseReports()).singleElement()
                .satisfies(report -> assertThat(report.reportedBy()).isEqualTo(Gpt2.MISUSE_PARTNER));
        StageState last = state.stages().get(4);
        assertThat(last.halts()).singleElement().satisfies(halt -> {
            assertThat(halt.causedBy()).isEqualTo("762M");
            assertThat(halt.resumedAt()).isNotNull();
        });
        assertThat(last.halted()).isFalse();
        assertThat(last.releasedAt()).isEqualTo(Gpt2.NOV_05);
        assertThat(state.reviews()).singleElement().satisfies(review -> {
            assertThat(review.url()).isEqualTo("https://arxiv.org/abs/1908.09203");
            assertThat(review.overdueAt(Gpt2.NOV_05)).isFalse();
        });
    }

    @Test
    void anUnpublishedReviewPastItsDueDateIsOverdue() {
        List<GovernanceEvent> story = Gpt2.wholeStory();
        int published = story.indexOf(story.stream().filter(e -> e instanceof ReviewPublished).findFirst()
                .orElseThrow());
        ReleaseState state = fold(story.subList(0, published));

        assertThat(state.overdueReviewsAt(Gpt2.NOV_05)).extracting(ReviewRecord::reviewId)
                .containsExactly(Gpt2.SIX_MONTH_REVIEW);
        assertThat(state.overdueReviewsAt(Gpt2.AUG_01)).isEmpty();
    }

    @Test
    void theCommitmentsKeptByTheClockAreMarkedWhenTheyWereRecorded() {
        List<GovernanceEvent> story = new ArrayList<>(Gpt2.wholeStory());
        int published = story.indexOf(story.stream().filter(e -> e instanceof ReviewPublished).findFirst()
                .orElseThrow());
        story = new ArrayList<>(story.subList(0, published));
        int kept = story.size();
        story.addAll(Gpt2.commitmentsKept());
        ReleaseState state = fold(story);

        assertThat(state.reviews()).singleElement().satisfies(review -> {
            assertThat(review.remindedAt()).isEqualTo(START.plusSeconds(kept));
            assertThat(review.markedOverdueAt()).isEqualTo(START.plusSeconds(kept + 1));
            assertThat(review.publishedAt()).isNull();
        });
        GrantRecord grant = state.stages().get(2).grants().get(0);
        assertThat(grant.partner()).isEqualTo(Gpt2.DETECTION_PARTNER);
        assertThat(grant.expiryNoticedAt()).isEqualTo(START.plusSeconds(kept + 2));
        assertThat(grant.expiredAt()).isEqualTo(START.plusSeconds(kept + 3));
        assertThat(grant.revokedAt()).isNull();
    }

    @Test
    void aHaltedStageShowsAsHaltedUntilResumed() {
        List<GovernanceEvent> story = Gpt2.wholeStory();
        int halted = story.indexOf(story.stream().filter(e -> e instanceof StageHalted).findFirst().orElseThrow());
        ReleaseState state = fold(story.subList(0, halted + 1));

        assertThat(state.stages().get(4).halted()).isTrue();
    }

    @Test
    void everyEventTypeOfTheContractIsFoldedOrDeliberatelyLeftOut() {
        Set<Class<? extends GovernanceEvent>> folded = new ReleaseStateFold().foldedTypes();

        assertThat(folded).allSatisfy(type -> assertThat(ReleaseStateFold.NOT_FOLDED).doesNotContain(type));
        assertThat(Stream.concat(folded.stream(), ReleaseStateFold.NOT_FOLDED.stream()))
                .containsExactlyInAnyOrderElementsOf(EventTypes.all());
    }

    @Test
    void aRejectedAndAWithdrawnStageShowTheirStatus() {
        ReleaseState state = fold(List.of(Gpt2.registered(), Gpt2.stage117MProposed(), Gpt2.stage345MProposed(),
                new StageRejected(Gpt2.RELEASE_ID, "117M", List.of(Gpt2.MEMBER_2, Gpt2.MEMBER_3), 2, Gpt2.MEMBER_3),
                new StageWithdrawn(Gpt2.RELEASE_ID, "345M", "superseded", Gpt2.CHAIR)));

        assertThat(state.stages()).extracting(StageState::status, StageState::rejectedAt, StageState::withdrawnAt)
                .containsExactly(tuple(StageStatus.REJECTED, START.plusSeconds(3), null),
                        tuple(StageStatus.WITHDRAWN, null, START.plusSeconds(4)));
    }

    private static ReleaseState fold(List<GovernanceEvent> events) {
        ReleaseStateFold fold = new ReleaseStateFold();
        for (int i = 0; i < events.size(); i++) {
            fold.apply(events.get(i), START.plusSeconds(i), i);
        }
        return fold.state().orElseThrow();
    }
}
