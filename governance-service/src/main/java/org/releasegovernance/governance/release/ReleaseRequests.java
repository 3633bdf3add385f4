package org.releasegovernance.governance.release;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.releasegovernance.events.EventValues;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.PartnerPurpose;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.RiskLevel;
import org.releasegovernance.events.VoteChoice;

import java.time.Instant;
import java.util.List;

/**
 * Request bodies of the decision API. Unknown fields are refused; every limit names its field when broken. Every
 * free-text field and every number that an event carries follows the event contract's rules ({@link EventText},
 * {@link EventInteger}); identifiers and factor names are ASCII by their patterns, policy numbers small by theirs.
 */
final class ReleaseRequests {

    static final String ID_PATTERN = EventValues.ID_PATTERN;
    static final String ID_MESSAGE = EventValues.ID_RULE;
    static final String FACTOR_PATTERN = "[A-Z][A-Z0-9_]{0,63}";
    static final String FACTOR_MESSAGE = "must be an upper-case factor name such as MISUSE_RISK";
    static final int NAME = 200;
    static final int TEXT = 4000;

    private ReleaseRequests() {
    }

    /** {@code POST /api/releases}. */
    record RegisterReleaseRequest(
            @NotBlank @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String releaseId,
            @NotBlank @EventText @Size(max = NAME) String model,
            @NotNull @Valid PolicyRequest policy) {
    }

    /** A governance policy: only {@code quorum} is required. */
    record PolicyRequest(
            @NotNull @Min(1) @Max(1000) Integer quorum,
            @Min(1) @Max(1000) Integer publicQuorum,
            @Min(1) @Max(1000) Integer rejectionQuorum,
            @Size(max = 20) List<@NotNull @Pattern(regexp = FACTOR_PATTERN, message = FACTOR_MESSAGE) String>
                    requiredFactors,
            @Min(0) @Max(3650) Integer minDaysBetweenPublicStages) {

        Policy toPolicy() {
            return new Policy(quorum, orZero(publicQuorum), orZero(rejectionQuorum), requiredFactors,
                    orZero(minDaysBetweenPublicStages));
        }

        private static int orZero(Integer value) {
            return value == null ? 0 : value;
        }
    }

    /** {@code POST /api/releases/{releaseId}/policy}. */
    record AmendPolicyRequest(@NotNull @Valid PolicyRequest policy,
                              @NotBlank @EventText @Size(max = TEXT) String reason) {
    }

    /** {@code POST /api/releases/{releaseId}/stages}. */
    record ProposeStageRequest(
            @NotBlank @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String stageId,
            @NotNull @Positive @EventInteger Long parameters,
            @NotNull Access access,
            @NotBlank @EventText @Size(max = TEXT) String rationale,
            Instant earliestReleaseAt) {
    }

    /** {@code POST /api/releases/{releaseId}/stages/{stageId}/expert-inputs}. */
    record ExpertInputRequest(
            @NotBlank @Pattern(regexp = FACTOR_PATTERN, message = FACTOR_MESSAGE) String factor,
            @NotNull RiskLevel risk,
            @NotBlank @EventText @Size(max = TEXT) String summary,
            @Size(max = 50) List<@NotBlank @Size(max = 2000) @EventText String> references) {
    }

    /** {@code POST .../stages/{stageId}/votes} and {@code POST .../stages/{stageId}/resume-votes}. */
    record CastVoteRequest(@NotNull VoteChoice vote, @NotBlank @EventText @Size(max = TEXT) String rationale) {
    }

    /** {@code POST .../stages/{stageId}/recusals}; the body is optional. */
    record RecuseRequest(@EventText @Size(max = TEXT) String reason) {
    }

    /** {@code POST .../stages/{stageId}/release}: now, or at {@code at} when that lies in the future. */
    record ReleaseStageRequest(@EventText @Size(max = TEXT) String note, Instant at) {
    }

    /** {@code POST .../stages/{stageId}/partners}. */
    record GrantPartnerAccessRequest(
            @NotBlank @EventText @Size(max = NAME) String partner,
            @NotNull PartnerPurpose purpose,
            @EventText @Size(max = TEXT) String description,
            @NotBlank @EventText @Size(max = NAME) String agreementRef,
            @NotNull Instant expiresAt) {
    }

    /** {@code POST .../stages/{stageId}/misuse-reports}. */
    record MisuseReportRequest(
            @NotBlank @EventText @Size(max = NAME) String reportedBy,
            @NotBlank @EventText @Size(max = TEXT) String summary,
            @NotNull RiskLevel severity) {
    }

    /** {@code POST .../stages/{stageId}/withdraw}. */
    record WithdrawRequest(@NotBlank @EventText @Size(max = TEXT) String reason) {
    }

    /** {@code POST /api/releases/{releaseId}/reviews}; {@code reviewId} is generated when absent. */
    record ScheduleReviewRequest(
            @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String reviewId,
            @NotBlank @EventText @Size(max = NAME) String title,
            @NotBlank @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String stageId,
            @NotNull Instant dueAt) {
    }

    /** {@code POST /api/releases/{releaseId}/reviews/{reviewId}/publish}. */
    record PublishReviewRequest(
            @NotBlank @EventText @Size(max = TEXT) String summary,
            @NotBlank @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
            @EventText String url) {
    }
}
