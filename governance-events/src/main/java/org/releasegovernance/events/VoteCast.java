package org.releasegovernance.events;

/**
 * A committee member voted on a proposed stage. CloudEvents type {@code org.releasegovernance.VoteCast.v1}.
 *
 * @param releaseId the release
 * @param stageId   the stage voted on
 * @param vote      approve or reject
 * @param rationale the member's reasons
 * @param actor     the member who voted
 */
public record VoteCast(String releaseId, String stageId, VoteChoice vote, String rationale, String actor)
        implements StageEvent {
}
