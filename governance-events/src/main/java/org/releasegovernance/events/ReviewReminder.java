package org.releasegovernance.events;

import java.time.Instant;

/**
 * A scheduled review is due soon and not yet published: recorded once, the configured time before its due time (14
 * days by default), or at once when it was scheduled closer to its due time than that. CloudEvents type {@code
 * org.releasegovernance.ReviewReminder.v1}.
 *
 * @param releaseId    the release
 * @param stageId      the stage reviewed
 * @param reviewId     the review
 * @param title        what the review is
 * @param dueAt        when it is due
 * @param actor        who scheduled the review (the reminder keeps their commitment; no one sent a command)
 */
public record ReviewReminder(String releaseId, String stageId, String reviewId, String title, Instant dueAt,
                             String actor) implements StageEvent {
}
