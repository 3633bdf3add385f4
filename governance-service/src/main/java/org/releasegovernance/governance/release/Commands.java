package org.releasegovernance.governance.release;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
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

    record RegisterRelease(@TargetAggregateIdentifier String releaseId, String model, Policy policy, String actor) {
    }

    record AmendPolicy(@TargetAggregateIdentifier String releaseId, Policy policy, String reason, String actor,
                       @TargetAggregateVersion Long expectedVersion) {
    }

    record ProposeStage(@TargetAggregateIdentifier String releaseId, String stageId, long parameters, Access access,
                        String rationale, Instant earliestReleaseAt, String actor,
                        @TargetAggregateVersion Long expectedVersion) {
    }

    record LogExpertInput(@TargetAggregateIdentifier String releaseId, String stageId, String factor, RiskLevel risk,
                          String summary, List<String> references, String actor,
                          @TargetAggregateVersion Long expectedVersion) {
    }

    record CastVote(@TargetAggregateIdentifier String releaseId, String stageId, VoteChoice vote, String rationale,
                    String actor, @TargetAggregateVersion Long expectedVersion) {
    }

    record Recuse(@TargetAggregateIdentifier String releaseId, String stageId, String reason, String actor,
                  @TargetAggregateVersion Long expectedVersion) {
    }

    record ReleaseStage(@TargetAggregateIdentifier String releaseId, String stageId, String note, Instant now,
                        String actor, @TargetAggregateVersion Long expectedVersion) {
    }

    record ScheduleRelease(@TargetAggregateIdentifier String releaseId, String stageId, Instant at, String note,
                           Instant now, String actor, @TargetAggregateVersion Long expectedVersion) {
    }

    record CancelScheduledRelease(@TargetAggregateIdentifier String releaseId, String stageId, String actor,
                                  @TargetAggregateVersion Long expectedVersion) {
    }

    record GrantPartnerAccess(@TargetAggregateIdentifier String releaseId, String stageId, String partner,
                              PartnerPurpose purpose, String description, String agreementRef, Instant expiresAt,
                              Instant now, String actor, @TargetAggregateVersion Long expectedVersion) {
    }

    record RevokePartnerAccess(@TargetAggregateIdentifier String releaseId, String stageId, String partner,
                               String reason, Instant now, String actor,
                               @TargetAggregateVersion Long expectedVersion) {
    }

    record ReportMisuse(@TargetAggregateIdentifier String releaseId, String stageId, String reportedBy,
                        String summary, RiskLevel severity, String actor,
                        @TargetAggregateVersion Long expectedVersion) {
    }

    record CastResumeVote(@TargetAggregateIdentifier String releaseId, String stageId, VoteChoice vote,
                          String rationale, String actor, @TargetAggregateVersion Long expectedVersion) {
    }

    record WithdrawStage(@TargetAggregateIdentifier String releaseId, String stageId, String reason, Instant now,
                         String actor, @TargetAggregateVersion Long expectedVersion) {
    }

    record ScheduleReview(@TargetAggregateIdentifier String releaseId, String reviewId, String stageId, String title,
                          Instant dueAt, Instant now, String actor, @TargetAggregateVersion Long expectedVersion) {
    }

    record PublishReview(@TargetAggregateIdentifier String releaseId, String reviewId, String summary, String url,
                         String actor, @TargetAggregateVersion Long expectedVersion) {
    }

    /** The payload of the durable deadline that carries out a scheduled release. */
    record ScheduledReleaseDue(String stageId, Instant at) {
    }
}
