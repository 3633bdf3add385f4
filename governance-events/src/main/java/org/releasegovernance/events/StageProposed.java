package org.releasegovernance.events;

/**
 * A stage was proposed for release. CloudEvents type {@code org.releasegovernance.StageProposed.v1}.
 *
 * @param releaseId  the release
 * @param stageId    the stage, e.g. {@code 117M}
 * @param parameters the announced parameter count
 * @param access     who gets the weights once released
 * @param rationale  why the proposer thinks this stage should go out
 * @param actor      the proposer
 */
public record StageProposed(String releaseId, String stageId, long parameters, Access access, String rationale,
                            String actor) implements StageEvent {
}
