package org.releasegovernance.events;

import java.time.Instant;

/**
 * A scheduled review passed its due time unpublished: recorded once, when the due time passes (or as soon as the
 * service runs again after it). CloudEvents type {@code org.releasegovernance.ReviewOverdue.v1}.
 *
 * @param releaseId    the release
 * @param stageId      the stage reviewed
 * @param reviewId     the review
 * @param title        what the review is
 * @param dueAt        when it was due
 * @param actor        who scheduled the review
 */
public record ReviewOverdue(String releaseId, String stageId, String reviewId, String title, Instant dueAt,
                            String actor) implements StageEvent {
}
