package org.releasegovernance.events;

/** An event about one stage of a release; its stage id is the CloudEvents {@code subject}. */
public sealed interface StageEvent extends GovernanceEvent
        permits StageProposed, VoteCast, StageApproved, StageReleased {

    /** The stage, e.g. {@code 345M}. */
    String stageId();
}
