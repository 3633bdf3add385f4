package org.releasegovernance.events.state;

import org.releasegovernance.events.Access;

import java.time.Instant;
import java.util.List;

/** A stage as the events recorded it up to some point. */
public record StageState(String stageId, long parameters, Access access, StageStatus status, String rationale,
                         String proposedBy, Instant proposedAt, List<VoteRecord> votes, Instant approvedAt,
                         Instant releasedAt, String releasedBy, String releaseNote) {
}
