package org.releasegovernance.notifier.delivery;

import org.junit.jupiter.api.Test;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.ReviewPublished;
import org.releasegovernance.events.StageReleased;

import static org.assertj.core.api.Assertions.assertThat;

class MastodonStatusTest {

    @Test
    void theStatusNamesModelStageAccessAndLink() {
        assertThat(MastodonStatus.text(new StageReleased("gpt-2", "345M", "GPT-2", 345_000_000L, Access.PUBLIC,
                "Staged release continues.", "chair"), "https://example.org/feed.atom"))
                .isEqualTo("GPT-2 345M released (PUBLIC): 345,000,000 parameters. Staged release continues. "
                        + "https://example.org/feed.atom");
    }

    @Test
    void aLongNoteIsShortenedToStayUnder500Characters() {
        String text = MastodonStatus.text(new StageReleased("gpt-2", "1.5B", "GPT-2", 1_558_000_000L,
                Access.PUBLIC, "x".repeat(2000), "chair"), "https://example.org/feed.atom");
        assertThat(text).hasSizeLessThan(500).startsWith("GPT-2 1.5B released (PUBLIC)")
                .endsWith("… https://example.org/feed.atom");
    }

    @Test
    void aPublishedReviewIsAnnouncedWithItsSummaryAndLink() {
        assertThat(MastodonStatus.text(new ReviewPublished("gpt-2", "345M", "review-1", "No misuse found.",
                "https://reviews.example.org/gpt-2/345M", "chair")))
                .isEqualTo("Review of gpt-2 345M published: No misuse found. https://reviews.example.org/gpt-2/345M");
    }

    @Test
    void aLongReviewSummaryIsShortenedAndTheLinkKept() {
        String text = MastodonStatus.text(new ReviewPublished("gpt-2", "345M", "review-1", "y".repeat(3000),
                "https://reviews.example.org/gpt-2/345M", "chair"));
        assertThat(text).hasSizeLessThan(500).startsWith("Review of gpt-2 345M published: yyy")
                .endsWith("… https://reviews.example.org/gpt-2/345M");
    }
}
