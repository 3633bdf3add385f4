package org.releasegovernance.events;

import java.util.List;

/**
 * The approval quorum was reached for a stage. CloudEvents type {@code org.releasegovernance.StageApproved.v1}.
 *
 * @param releaseId  the release
 * @param stageId    the approved stage
 * @param approvedBy the distinct members who approved, in voting order
 * @param quorum     the quorum that applied when the vote closed
 * @param actor      the member whose vote completed the quorum
 */
public record StageApproved(String releaseId, String stageId, List<String> approvedBy, int quorum, String actor)
        implements StageEvent {

    public StageApproved {
        approvedBy = List.copyOf(approvedBy);
    }
}
