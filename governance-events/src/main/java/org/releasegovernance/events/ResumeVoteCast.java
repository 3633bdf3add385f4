package org.releasegovernance.events;

/**
 * A member voted on resuming a halted stage. CloudEvents type {@code org.releasegovernance.ResumeVoteCast.v1}.
 *
 * @param releaseId the release
 * @param stageId   the halted stage
 * @param vote      approve (resume) or reject (stay halted)
 * @param rationale the member's reasons
 * @param actor     the member
 */
public record ResumeVoteCast(String releaseId, String stageId, VoteChoice vote, String rationale, String actor)
        implements StageEvent {
}
