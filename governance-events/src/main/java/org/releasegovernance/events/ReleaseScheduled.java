package org.releasegovernance.events;

import java.time.Instant;

/**
 * The chair scheduled an approved stage's release for a later instant. CloudEvents type
 * {@code org.releasegovernance.ReleaseScheduled.v1}.
 *
 * @param releaseId the release
 * @param stageId   the stage
 * @param at        when the release is to happen
 * @param note      the announcement note the release will carry
 * @param actor     the chair
 */
public record ReleaseScheduled(String releaseId, String stageId, Instant at, String note, String actor)
        implements StageEvent {
}
