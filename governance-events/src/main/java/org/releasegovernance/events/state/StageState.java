package org.releasegovernance.events.state;

import org.releasegovernance.events.Access;

import java.time.Instant;
import java.util.List;

/**
 * A stage as the events recorded it up to some point.
 *
 * @param halts every halt of the stage, the current one (without {@code resumedAt}) last
 */
public record StageState(String stageId, long parameters, Access access, StageStatus status, String rationale,
                         String proposedBy, Instant proposedAt, List<VoteRecord> votes, Instant approvedAt,
                         Instant releasedAt, String releasedBy, String releaseNote, Instant earliestReleaseAt,
                         List<ExpertInputRecord> expertInputs, List<String> recusals, List<GrantRecord> grants,
                         List<MisuseRecord> misuseReports, List<HaltRecord> halts, List<VoteRecord> resumeVotes,
                         Instant scheduledReleaseAt, Instant rejectedAt, Instant withdrawnAt,
                         String withdrawReason) {

    /** Whether the stage is halted now (a misuse report halted it and the committee has not resumed it). */
    public boolean halted() {
        return !halts.isEmpty() && halts.get(halts.size() - 1).resumedAt() == null;
    }
}
