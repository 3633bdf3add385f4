package org.releasegovernance.events.state;

import java.time.Instant;

/** A scheduled review of a stage, as recorded; {@code publishedAt} once it was published. */
public record ReviewRecord(String reviewId, String stageId, String title, Instant dueAt, String scheduledBy,
                           Instant publishedAt, String summary, String url) {

    /** Whether the review is past its due date at that instant without having been published. */
    public boolean overdueAt(Instant instant) {
        return publishedAt == null && instant.isAfter(dueAt);
    }
}
