package org.releasegovernance.events.state;

import org.releasegovernance.events.StageApproved;
import org.releasegovernance.events.StageEvent;
import org.releasegovernance.events.StageProposed;
import org.releasegovernance.events.StageRejected;
import org.releasegovernance.events.StageReleased;
import org.releasegovernance.events.StageWithdrawn;

import java.util.Optional;

/**
 * Where a stage is in its lifecycle: {@code PROPOSED → APPROVED → RELEASED}, or {@code REJECTED}, or
 * {@code WITHDRAWN} (a withdrawn stage that had been released keeps its {@code releasedAt}).
 */
public enum StageStatus {
    PROPOSED,
    APPROVED,
    RELEASED,
    REJECTED,
    WITHDRAWN;

    /**
     * The status a stage event moves its stage to; empty for the events that leave it as it was. The one place
     * that says which event means which status: the state fold, the aggregate and the release list all ask here.
     */
    public static Optional<StageStatus> after(StageEvent event) {
        if (event instanceof StageProposed) {
            return Optional.of(PROPOSED);
        }
        if (event instanceof StageApproved) {
            return Optional.of(APPROVED);
        }
        if (event instanceof StageRejected) {
            return Optional.of(REJECTED);
        }
        if (event instanceof StageReleased) {
            return Optional.of(RELEASED);
        }
        if (event instanceof StageWithdrawn) {
            return Optional.of(WITHDRAWN);
        }
        return Optional.empty();
    }
}
