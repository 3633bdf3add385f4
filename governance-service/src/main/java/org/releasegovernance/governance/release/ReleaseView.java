package org.releasegovernance.governance.release;

import org.releasegovernance.events.Policy;
import org.releasegovernance.events.state.ReleaseState;
import org.releasegovernance.events.state.ReviewRecord;
import org.releasegovernance.events.state.StageState;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/releases/{releaseId}}: the release as its events recorded it, with the reviews overdue now.
 *
 * @param version        the aggregate version, also the {@code ETag}
 * @param overdueReviews ids of the reviews past their due date and not published
 */
record ReleaseView(String releaseId, String model, Policy policy, String registeredBy, Instant registeredAt,
                   long version, List<StageState> stages, List<ReviewRecord> reviews, List<String> overdueReviews) {

    static ReleaseView of(ReleaseState state, Instant now) {
        return new ReleaseView(state.releaseId(), state.model(), state.policy(), state.registeredBy(),
                state.registeredAt(), state.version(), state.stages(), state.reviews(),
                state.overdueReviewsAt(now).stream().map(ReviewRecord::reviewId).toList());
    }
}
