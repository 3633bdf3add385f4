package org.releasegovernance.console.committee;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommitteeViewTest {

    private static final Instant NOW = Instant.parse("2019-05-01T12:00:00Z");
    private final CommitteeView view = new CommitteeView(Clock.fixed(NOW, ZoneOffset.UTC));

    private static final Map<String, Object> GPT2_POLICY = Map.of("quorum", 2, "publicQuorum", 3,
            "rejectionQuorum", 2, "requiredFactors", List.of("MISUSE_RISK", "EASE_OF_USE"),
            "minDaysBetweenPublicStages", 0);

    @Test
    void aPublicStageNeedsThePublicQuorumAndInputOnEveryRequiredFactorNotYetAssessed() {
        Map<String, Object> stage = Map.of("access", "PUBLIC",
                "expertInputs", List.of(Map.of("factor", "MISUSE_RISK", "risk", "MEDIUM")),
                "votes", List.of(Map.of("member", "member-2", "vote", "APPROVE"),
                        Map.of("member", "member-3", "vote", "REJECT")));

        CommitteeView.StageNeeds needs = view.needs(GPT2_POLICY, stage);

        assertThat(needs.missingFactors()).containsExactly("EASE_OF_USE");
        assertThat(needs.approvals()).isEqualTo(1);
        assertThat(needs.quorum()).isEqualTo(3);
        assertThat(needs.approvalsShort()).isEqualTo(2);
        assertThat(needs.rejections()).isEqualTo(1);
        assertThat(needs.rejectionQuorum()).isEqualTo(2);
        assertThat(needs.waiting()).isTrue();
    }

    @Test
    void aPartnerStageNeedsTheQuorum() {
        Map<String, Object> stage = Map.of("access", "PARTNERS", "votes", List.of());

        assertThat(view.needs(GPT2_POLICY, stage).quorum()).isEqualTo(2);
    }

    @Test
    void aStageWithEveryInputAndTheQuorumWaitsOnNothing() {
        Map<String, Object> stage = Map.of("access", "PARTNERS",
                "expertInputs", List.of(Map.of("factor", "MISUSE_RISK"), Map.of("factor", "EASE_OF_USE")),
                "votes", List.of(Map.of("vote", "APPROVE"), Map.of("vote", "APPROVE")));

        CommitteeView.StageNeeds needs = view.needs(GPT2_POLICY, stage);

        assertThat(needs.missingFactors()).isEmpty();
        assertThat(needs.approvalsShort()).isZero();
        assertThat(needs.waiting()).isFalse();
    }

    @Test
    void aStageIsHaltedWhileAHaltIsNotResumed() {
        Map<String, Object> resumed = new HashMap<>(Map.of("causedBy", "117M", "resumedAt", "2019-04-01T00:00:00Z"));
        Map<String, Object> open = new HashMap<>(Map.of("causedBy", "345M"));
        open.put("resumedAt", null);

        assertThat(view.halted(Map.of("halts", List.of(resumed)))).isFalse();
        assertThat(view.halted(Map.of("halts", List.of(resumed, open)))).isTrue();
        assertThat(view.halted(Map.of())).isFalse();
    }

    @Test
    void aGrantIsActiveUntilItExpiresOrIsRevoked() {
        assertThat(view.active(grant("2019-06-01T00:00:00Z", null))).isTrue();
        assertThat(view.active(grant("2019-04-01T00:00:00Z", null))).isFalse();
        assertThat(view.active(grant("2019-06-01T00:00:00Z", "2019-04-15T00:00:00Z"))).isFalse();
    }

    @Test
    void aGrantWhoseExpiryTheServiceRecordedIsOverWhateverThisClockSays() {
        Map<String, Object> expired = grant("2019-06-01T00:00:00Z", null);
        expired.put("expiredAt", "2019-05-01T11:59:00Z");

        assertThat(view.active(expired)).isFalse();
    }

    @Test
    void theBadgeToneFollowsTheStatusAndTheTextSaysIt() {
        assertThat(view.tone("RELEASED")).isEqualTo("ok");
        assertThat(view.tone("PROPOSED")).isEqualTo("warn");
        assertThat(view.tone("REJECTED")).isEqualTo("bad");
        assertThat(view.tone("WITHDRAWN")).isEqualTo("neutral");
        assertThat(view.tone(null)).isEqualTo("neutral");
    }

    @Test
    void reviewsAreOverdueWhenTheApiListsThemSo() {
        Map<String, Object> release = Map.of("overdueReviews", List.of("six-months"),
                "reviews", List.of(Map.of("reviewId", "six-months", "stageId", "117M"),
                        Map.of("reviewId", "other", "stageId", "345M")));

        assertThat(view.overdue(release, "six-months")).isTrue();
        assertThat(view.overdue(release, "other")).isFalse();
        assertThat(view.reviewsOf(release, "117M")).extracting(r -> r.get("reviewId")).containsExactly("six-months");
    }

    @Test
    void theReviewsToWatchAreTheUnpublishedOnesOverdueOrReminded() {
        Map<String, Object> computedOverdue = review("six-months", null);
        Map<String, Object> recordedOverdue = review("recorded", null);
        recordedOverdue.put("markedOverdueAt", "2019-04-30T00:00:00Z");
        Map<String, Object> reminded = review("reminded", null);
        reminded.put("remindedAt", "2019-04-20T00:00:00Z");
        Map<String, Object> publishedAfterItsReminder = review("published", "2019-04-25T00:00:00Z");
        publishedAfterItsReminder.put("remindedAt", "2019-04-20T00:00:00Z");
        Map<String, Object> notYetDue = review("later", null);
        Map<String, Object> release = Map.of("overdueReviews", List.of("six-months"), "reviews",
                List.of(computedOverdue, recordedOverdue, reminded, publishedAfterItsReminder, notYetDue));

        assertThat(view.reviewsToWatch(release)).extracting(r -> r.get("reviewId"))
                .containsExactly("six-months", "recorded", "reminded");
    }

    private static Map<String, Object> review(String reviewId, String publishedAt) {
        Map<String, Object> review = new HashMap<>();
        review.put("reviewId", reviewId);
        review.put("stageId", "117M");
        review.put("publishedAt", publishedAt);
        return review;
    }

    private static Map<String, Object> grant(String expiresAt, String revokedAt) {
        Map<String, Object> grant = new HashMap<>();
        grant.put("partner", "Partner Lab");
        grant.put("expiresAt", expiresAt);
        grant.put("revokedAt", revokedAt);
        return grant;
    }
}
