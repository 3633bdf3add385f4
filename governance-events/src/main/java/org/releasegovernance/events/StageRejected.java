package org.releasegovernance.events;

import java.util.List;

/**
 * Rejections reached the policy's rejection quorum; the stage will not be released. CloudEvents type
 * {@code org.releasegovernance.StageRejected.v1}.
 *
 * @param releaseId       the release
 * @param stageId         the rejected stage
 * @param rejectedBy      the distinct members who rejected, in voting order
 * @param rejectionQuorum the rejection quorum that applied when the vote closed
 * @param actor           the member whose vote completed the rejection quorum
 */
public record StageRejected(String releaseId, String stageId, List<String> rejectedBy, int rejectionQuorum,
                            String actor) implements StageEvent {

    public StageRejected {
        rejectedBy = List.copyOf(rejectedBy);
    }
}
