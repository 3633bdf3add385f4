package org.releasegovernance.events;

/**
 * A stage may not be voted on, scheduled, shared or released until the committee resumes it. CloudEvents type
 * {@code org.releasegovernance.StageHalted.v1}.
 *
 * @param releaseId   the release
 * @param stageId     the halted stage
 * @param causedBy    the stage whose misuse report halted it
 * @param reason      the misuse report's summary
 * @param actor       who filed the misuse report
 */
public record StageHalted(String releaseId, String stageId, String causedBy, String reason, String actor)
        implements StageEvent {
}
