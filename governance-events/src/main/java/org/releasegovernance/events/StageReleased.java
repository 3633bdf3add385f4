package org.releasegovernance.events;

import java.time.Instant;

/**
 * An approved stage was released. CloudEvents type {@code org.releasegovernance.StageReleased.v1}.
 *
 * @param releaseId    the release
 * @param stageId      the released stage
 * @param model        the model family's display name, so announcements need no lookup
 * @param parameters   the stage's parameter count
 * @param access       who gets the weights
 * @param note         the announcement note
 * @param actor        who released it (for a scheduled release, who scheduled it)
 * @param releasedAt   the instant the release took effect, as the rules saw it: for a scheduled release the
 *                     instant it was carried out, which is later than {@code scheduledFor} when the service was
 *                     down at that time; {@code null} in events written before this field existed (the
 *                     CloudEvents {@code time} then applies)
 * @param scheduledFor for a scheduled release, the instant it was scheduled for; {@code null} for a release
 *                     decided on the spot, and in events written before this field existed
 */
public record StageReleased(String releaseId, String stageId, String model, long parameters, Access access,
                            String note, String actor, Instant releasedAt, Instant scheduledFor)
        implements StageEvent {

    /**
     * The instant the release took effect: {@code releasedAt}, or for an event written before that field existed,
     * the instant the event was stored ({@code storedAt}, the CloudEvents {@code time}), which was then the same.
     */
    public Instant releasedAt(Instant storedAt) {
        return releasedAt != null ? releasedAt : storedAt;
    }

    /** A release decided on the spot: nothing was scheduled. */
    public StageReleased(String releaseId, String stageId, String model, long parameters, Access access,
                         String note, String actor, Instant releasedAt) {
        this(releaseId, stageId, model, parameters, access, note, actor, releasedAt, null);
    }

    /** A release without an explicit instant (the v1 shape before that field was added). */
    public StageReleased(String releaseId, String stageId, String model, long parameters, Access access,
                         String note, String actor) {
        this(releaseId, stageId, model, parameters, access, note, actor, null, null);
    }
}
