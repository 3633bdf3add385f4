package org.releasegovernance.events.state;

import org.releasegovernance.events.Policy;

import java.time.Instant;
import java.util.List;

/**
 * A release as its events recorded it up to some point.
 *
 * @param policy  the policy in force (the last amendment, else the registered one)
 * @param version the sequence number of the last event folded in (the aggregate version)
 * @param reviews the scheduled reviews, in scheduling order
 */
public record ReleaseState(String releaseId, String model, Policy policy, String registeredBy, Instant registeredAt,
                           long version, List<StageState> stages, List<ReviewRecord> reviews) {

    /** The reviews past their due date and not published at that instant. */
    public List<ReviewRecord> overdueReviewsAt(Instant instant) {
        return reviews.stream().filter(review -> review.overdueAt(instant)).toList();
    }
}
