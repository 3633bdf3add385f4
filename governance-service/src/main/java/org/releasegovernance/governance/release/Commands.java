package org.releasegovernance.governance.release;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.VoteChoice;

/** The decisions a committee can take on a release. The actor always comes from authentication. */
final class Commands {

    private Commands() {
    }

    record RegisterRelease(@TargetAggregateIdentifier String releaseId, String model, Policy policy, String actor) {
    }

    record ProposeStage(@TargetAggregateIdentifier String releaseId, String stageId, long parameters, Access access,
                        String rationale, String actor) {
    }

    record CastVote(@TargetAggregateIdentifier String releaseId, String stageId, VoteChoice vote, String rationale,
                    String actor) {
    }

    record ReleaseStage(@TargetAggregateIdentifier String releaseId, String stageId, String note, String actor) {
    }
}
