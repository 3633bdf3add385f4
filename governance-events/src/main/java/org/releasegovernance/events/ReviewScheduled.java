package org.releasegovernance.events;

import java.time.Instant;

/**
 * A review of a stage (e.g. the six-month analysis) is due on a date. CloudEvents type
 * {@code org.releasegovernance.ReviewScheduled.v1}.
 *
 * @param releaseId the release
 * @param stageId   the stage reviewed
 * @param reviewId  the review's id
 * @param title     what the review is
 * @param dueAt     when it is due
 * @param actor     the chair
 */
public record ReviewScheduled(String releaseId, String stageId, String reviewId, String title, Instant dueAt,
                              String actor) implements StageEvent {
}
