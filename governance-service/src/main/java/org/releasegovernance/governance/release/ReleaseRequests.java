package org.releasegovernance.governance.release;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.releasegovernance.events.Access;
import org.releasegovernance.events.VoteChoice;

/** Request bodies of the decision API. Unknown fields are refused. */
final class ReleaseRequests {

    static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final int TEXT = 4000;

    private ReleaseRequests() {
    }

    /** {@code POST /api/releases}. */
    record RegisterReleaseRequest(
            @NotBlank @Pattern(regexp = ID_PATTERN, message = "must be 1-64 letters, digits, '.', '_' or '-'")
            String releaseId,
            @NotBlank @Size(max = 200) String model,
            @NotNull @Valid PolicyRequest policy) {
    }

    /** The governance policy of a release. */
    record PolicyRequest(@NotNull @Min(1) Integer quorum) {
    }

    /** {@code POST /api/releases/{releaseId}/stages}. */
    record ProposeStageRequest(
            @NotBlank @Pattern(regexp = ID_PATTERN, message = "must be 1-64 letters, digits, '.', '_' or '-'")
            String stageId,
            @NotNull @Positive Long parameters,
            @NotNull Access access,
            @NotBlank @Size(max = TEXT) String rationale) {
    }

    /** {@code POST /api/releases/{releaseId}/stages/{stageId}/votes}. */
    record CastVoteRequest(@NotNull VoteChoice vote, @NotBlank @Size(max = TEXT) String rationale) {
    }

    /** {@code POST /api/releases/{releaseId}/stages/{stageId}/release}. */
    record ReleaseStageRequest(@Size(max = TEXT) String note) {
    }
}
