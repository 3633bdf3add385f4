package org.releasegovernance.events.state;

/**
 * Where a stage is in its lifecycle: {@code PROPOSED → APPROVED → RELEASED}, or {@code REJECTED}, or
 * {@code WITHDRAWN} (a withdrawn stage that had been released keeps its {@code releasedAt}).
 */
public enum StageStatus {
    PROPOSED,
    APPROVED,
    RELEASED,
    REJECTED,
    WITHDRAWN
}
