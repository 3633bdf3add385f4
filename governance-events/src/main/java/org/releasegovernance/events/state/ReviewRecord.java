package org.releasegovernance.events.state;

import java.time.Instant;

/**
 * A scheduled review of a stage, as recorded; {@code publishedAt} once it was published, {@code remindedAt} and
 * {@code markedOverdueAt} once a {@code ReviewReminder} or {@code ReviewOverdue} was recorded for it.
 */
public record ReviewRecord(String reviewId, String stageId, String title, Instant dueAt, String scheduledBy,
                           Instant publishedAt, String summary, String url, Instant remindedAt,
                           Instant markedOverdueAt) {

    /** Whether the review is past its due date at that instant without having been published. */
    public boolean overdueAt(Instant instant) {
        return publishedAt == null && instant.isAfter(dueAt);
    }

    ReviewRecord published(Instant at, String summary, String url) {
        return new ReviewRecord(reviewId, stageId, title, dueAt, scheduledBy, at, summary, url, remindedAt,
                markedOverdueAt);
    }

    ReviewRecord reminded(Instant at) {
        return new ReviewRecord(reviewId, stageId, title, dueAt, scheduledBy, publishedAt, summary, url, at,
                markedOverdueAt);
    }

    ReviewRecord markedOverdue(Instant at) {
        return new ReviewRecord(reviewId, stageId, title, dueAt, scheduledBy, publishedAt, summary, url, remindedAt,
                at);
    }
}
