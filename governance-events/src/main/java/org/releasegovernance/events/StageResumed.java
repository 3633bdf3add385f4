package org.releasegovernance.events;

import java.util.List;

/**
 * The committee voted to resume a halted stage. CloudEvents type {@code org.releasegovernance.StageResumed.v1}.
 *
 * @param releaseId the release
 * @param stageId   the stage
 * @param resumedBy the members who voted to resume
 * @param quorum    the quorum that applied
 * @param actor     the member whose vote completed the quorum
 */
public record StageResumed(String releaseId, String stageId, List<String> resumedBy, int quorum, String actor)
        implements StageEvent {

    public StageResumed {
        resumedBy = List.copyOf(resumedBy);
    }
}
