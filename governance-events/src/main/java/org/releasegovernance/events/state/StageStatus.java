package org.releasegovernance.events.state;

/** Where a stage is in its lifecycle: {@code PROPOSED → APPROVED → RELEASED}. */
public enum StageStatus {
    PROPOSED,
    APPROVED,
    RELEASED
}
