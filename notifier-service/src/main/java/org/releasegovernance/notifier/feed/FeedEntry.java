package org.releasegovernance.notifier.feed;

import java.time.Instant;
import java.util.UUID;

/**
 * One announcement: a public release, or a published review ({@code kind} {@code REVIEW}, with the review's
 * {@code link} and its summary as {@code note}, and no model, parameter count or access level).
 */
record FeedEntry(UUID eventId, String kind, String releaseId, String stageId, String model, Long parameters,
                 String access, String note, String link, Instant releasedAt) {

    static final String RELEASE = "RELEASE";
    static final String REVIEW = "REVIEW";

    boolean isReview() {
        return REVIEW.equals(kind);
    }

    /** E.g. {@code GPT-2 345M released (PUBLIC)} or {@code Review of gpt-2 345M published}. */
    String title() {
        return isReview() ? "Review of " + releaseId + " " + stageId + " published"
                : model + " " + stageId + " released (" + access + ")";
    }
}
