package org.releasegovernance.events;

/**
 * A scheduled review was published. CloudEvents type {@code org.releasegovernance.ReviewPublished.v1}.
 *
 * @param releaseId the release
 * @param stageId   the stage reviewed
 * @param reviewId  the review
 * @param summary   its findings in short
 * @param url       where it is published
 * @param actor     the chair
 */
public record ReviewPublished(String releaseId, String stageId, String reviewId, String summary, String url,
                              String actor) implements StageEvent {
}
