package org.releasegovernance.governance.release;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.PartnerPurpose;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.RiskLevel;
import org.releasegovernance.events.VoteChoice;

import java.time.Instant;
import java.util.List;

/**
 * The decisions a committee can take on a release. The actor always comes from authentication; {@code now} comes
 * from the caller's clock (the aggregate never reads the time itself); {@code expectedVersion} is the client's
 * {@code If-Match}, {@code null} when it sent none.
 */
final class Commands {

    private Commands() {
    }

    /** A decision someone took on a release, and on one of its stages where it concerns one. */
    interface Decision {
        String releaseId();

        String actor();

        /** The stage decided on; {@code null} for a decision on the release as a whole. */
        default String stageId() {
            return null;
        }
    }

    /** A command on an existing release that may carry the version the client last saw. */
    interface Versioned extends Decision {
        Long expectedVersion();
    }

    record RegisterRelease(@TargetAggregateIdentifier String releaseId, String model, Policy policy, String actor)
            implements Decision {
    }

    record AmendPolicy(@TargetAggregateIdentifier String releaseId, Policy policy, String reason, String actor,
                       Long expectedVersion) implements Versioned {
    }

    record ProposeStage(@TargetAggregateIdentifier String releaseId, String stageId, long parameters, Access access,
                        String rationale, Instant earliestReleaseAt, String actor,
                        Long expectedVersion) implements Versioned {
    }

    record LogExpertInput(@TargetAggregateIdentifier String releaseId, String stageId, String factor, RiskLevel risk,
                          String summary, List<String> references, String actor,
                          Long expectedVersion) implements Versioned {
    }

    record CastVote(@TargetAggregateIdentifier String releaseId, String stageId, VoteChoice vote, String rationale,
                    String actor, Long expectedVersion) implements Versioned {
    }

    record Recuse(@TargetAggregateIdentifier String releaseId, String stageId, String reason, String actor,
                  Long expectedVersion) implements Versioned {
    }

    record ReleaseStage(@TargetAggregateIdentifier String releaseId, String stageId, String note, Instant now,
                        String actor, Long expectedVersion) implements Versioned {
    }

    /** A release asked for the instant {@code at}: scheduled if it lies ahead, carried out at once if it is now. */
    record ScheduleRelease(@TargetAggregateIdentifier String releaseId, String stageId, Instant at, String note,
                           Instant now, String actor, Long expectedVersion) implements Versioned {
    }

    record CancelScheduledRelease(@TargetAggregateIdentifier String releaseId, String stageId, String actor,
                                  Long expectedVersion) implements Versioned {
    }

    record GrantPartnerAccess(@TargetAggregateIdentifier String releaseId, String stageId, String partner,
                              PartnerPurpose purpose, String description, String agreementRef, Instant expiresAt,
                              Instant now, String actor, Long expectedVersion) implements Versioned {
    }

    record RevokePartnerAccess(@TargetAggregateIdentifier String releaseId, String stageId, String partner,
                               String reason, Instant now, String actor,
                               Long expectedVersion) implements Versioned {
    }

    record ReportMisuse(@TargetAggregateIdentifier String releaseId, String stageId, String reportedBy,
                        String summary, RiskLevel severity, String actor,
                        Long expectedVersion) implements Versioned {
    }

    record CastResumeVote(@TargetAggregateIdentifier String releaseId, String stageId, VoteChoice vote,
                          String rationale, String actor, Long expectedVersion) implements Versioned {
    }

    record WithdrawStage(@TargetAggregateIdentifier String releaseId, String stageId, String reason, Instant now,
                         String actor, Long expectedVersion) implements Versioned {
    }

    record ScheduleReview(@TargetAggregateIdentifier String releaseId, String reviewId, String stageId, String title,
                          Instant dueAt, Instant now, String actor, Long expectedVersion) implements Versioned {
    }

    record PublishReview(@TargetAggregateIdentifier String releaseId, String reviewId, String summary, String url,
                         String actor, Long expectedVersion) implements Versioned {
    }

    /** The payload of the durable deadline that carries out a scheduled release. */
    record ScheduledReleaseDue(String stageId, Instant at) {
    }

    /**
     * The payload of the durable deadlines that remind of a review and mark it overdue; {@code dueAt} tells the
     * review they were scheduled for from the same review scheduled anew.
     */
    record ReviewDue(String reviewId, Instant dueAt) {
    }

    /**
     * The payload of the durable deadlines that notice a grant's coming expiry and record its end; {@code expiresAt}
     * tells the grant they were scheduled for from a later grant to the same partner.
     */
    record GrantDue(String stageId, String partner, Instant expiresAt) {
    }
}
