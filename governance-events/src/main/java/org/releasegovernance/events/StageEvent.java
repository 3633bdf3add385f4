package org.releasegovernance.events;

/** An event about one stage of a release; its stage id is the CloudEvents {@code subject}. */
public sealed interface StageEvent extends GovernanceEvent
        permits StageProposed, VoteCast, StageApproved, StageReleased, ExpertInputLogged, MemberRecused,
        StageRejected, ReleaseScheduled, ScheduledReleaseCancelled, PartnerAccessGranted, PartnerAccessRevoked,
        MisuseReported, StageHalted, ResumeVoteCast, StageResumed, StageWithdrawn, ReviewScheduled,
        ReviewPublished, ReviewReminder, ReviewOverdue, PartnerAccessExpiring, PartnerAccessExpired {

    /** The stage, e.g. {@code 345M}. */
    String stageId();
}
