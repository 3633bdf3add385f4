package org.releasegovernance.events.state;

import org.releasegovernance.events.GovernanceEvent;
import org.releasegovernance.events.Gpt2;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

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

    private static ReleaseState fold(List<GovernanceEvent> events) {
        ReleaseStateFold fold = new ReleaseStateFold();
        for (int i = 0; i < events.size(); i++) {
            fold.apply(events.get(i), START.plusSeconds(i), i);
        }
        return fold.state().orElseThrow();
    }
}
