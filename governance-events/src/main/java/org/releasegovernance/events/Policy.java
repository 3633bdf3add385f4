package org.releasegovernance.events;

import java.util.List;

/**
 * The governance policy of a release, as it was recorded. Fields added after v1 are optional on the wire: an event
 * that lacks them reads with the defaults below, so older events keep their meaning.
 *
 * @param quorum                     number of distinct members whose approval approves a {@code PARTNERS} stage
 * @param publicQuorum               approvals needed for a {@code PUBLIC} stage (publishing weights cannot be
 *                                   undone); defaults to {@code quorum}
 * @param rejectionQuorum            rejections that reject a stage; defaults to {@code quorum}
 * @param requiredFactors            factors that need expert input before a stage can be approved; default none
 * @param minDaysBetweenPublicStages minimum days between two public releases; default 0 (no minimum)
 */
public record Policy(int quorum, int publicQuorum, int rejectionQuorum, List<String> requiredFactors,
                     int minDaysBetweenPublicStages) {

    public Policy {
        publicQuorum = publicQuorum > 0 ? publicQuorum : quorum;
        rejectionQuorum = rejectionQuorum > 0 ? rejectionQuorum : quorum;
        requiredFactors = requiredFactors == null ? List.of() : List.copyOf(requiredFactors);
    }

    /** The skeleton's simple policy: one quorum for everything, no required factors, no minimum interval. */
    public Policy(int quorum) {
        this(quorum, quorum, quorum, List.of(), 0);
    }

    /** The quorum that approves a stage of this access level. */
    public int approvalQuorum(Access access) {
        return access == Access.PUBLIC ? publicQuorum : quorum;
    }
}
