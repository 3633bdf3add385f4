package org.releasegovernance.events;

import java.time.Instant;

/**
 * A scheduled release will not happen: the chair cancelled it, the stage was halted or withdrawn, or a rule was
 * broken when it came due. CloudEvents type {@code org.releasegovernance.ScheduledReleaseCancelled.v1}.
 *
 * @param releaseId the release
 * @param stageId   the stage
 * @param at        the instant it had been scheduled for
 * @param reason    why it was cancelled
 * @param actor     who cancelled it (the chair, or the actor of the halt, withdrawal or schedule)
 */
public record ScheduledReleaseCancelled(String releaseId, String stageId, Instant at, String reason, String actor)
        implements StageEvent {
}
