package org.releasegovernance.events;

/**
 * A member stepped back from the vote on a stage and will not vote on it. CloudEvents type
 * {@code org.releasegovernance.MemberRecused.v1}.
 *
 * @param releaseId the release
 * @param stageId   the stage
 * @param reason    why (e.g. a conflict of interest); may be {@code null}
 * @param actor     the member who recused
 */
public record MemberRecused(String releaseId, String stageId, String reason, String actor) implements StageEvent {
}
