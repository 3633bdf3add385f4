package org.releasegovernance.events;

import java.time.Instant;

/**
 * A stage was proposed for release. CloudEvents type {@code org.releasegovernance.StageProposed.v1}.
 *
 * @param releaseId         the release
 * @param stageId           the stage, e.g. {@code 117M}
 * @param parameters        the announced parameter count
 * @param access            who gets the weights once released
 * @param rationale         why the proposer thinks this stage should go out
 * @param actor             the proposer
 * @param earliestReleaseAt the stage is not released before this instant; {@code null} when there is no such bound
 */
public record StageProposed(String releaseId, String stageId, long parameters, Access access, String rationale,
                            String actor, Instant earliestReleaseAt) implements StageEvent {

    /** A proposal without an earliest release time (the v1 shape before that field was added). */
    public StageProposed(String releaseId, String stageId, long parameters, Access access, String rationale,
                         String actor) {
        this(releaseId, stageId, parameters, access, rationale, actor, null);
    }
}
