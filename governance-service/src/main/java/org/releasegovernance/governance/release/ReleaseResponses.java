package org.releasegovernance.governance.release;

import org.releasegovernance.events.state.GrantRecord;
import org.releasegovernance.events.state.ReleaseState;
import org.releasegovernance.events.state.ReviewRecord;
import org.releasegovernance.events.state.StageState;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Answers with a release, or one of its stages, grants or reviews, as the event store holds it now, with the
 * release's version as {@code ETag}: after a decision, the state the decision left; on a read, the current state.
 */
@Component
class ReleaseResponses {

    private final ReleaseQueries queries;
    private final Clock clock;

    ReleaseResponses(ReleaseQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    ResponseEntity<ReleaseView> release(ResponseEntity.BodyBuilder response, String releaseId) {
        ReleaseState release = queries.get(releaseId);
        return response.eTag(etag(release)).body(ReleaseView.of(release, clock.instant()));
    }

    /** The answer to a decision on a release: the state the decision left, as the decision stored it. */
    ResponseEntity<ReleaseView> release(ResponseEntity.BodyBuilder response, Decided decided) {
        ReleaseState release = queries.afterDecision(decided);
        return response.eTag(etag(release)).body(ReleaseView.of(release, clock.instant()));
    }

    /** The answer to a decision on a stage: the stage as the decision left it, with the release's version. */
    ResponseEntity<StageState> stage(ResponseEntity.BodyBuilder response, Decided decided, String stageId) {
        ReleaseState release = queries.afterDecision(decided);
        return response.eTag(etag(release)).body(stageOf(release, stageId));
    }

    ResponseEntity<StageState> stage(ResponseEntity.BodyBuilder response, String releaseId, String stageId) {
        ReleaseState release = queries.get(releaseId);
        return response.eTag(etag(release)).body(stageOf(release, stageId));
    }

    ResponseEntity<GrantRecord> grant(ResponseEntity.BodyBuilder response, String releaseId, String stageId,
                                      String partner) {
        ReleaseState release = queries.get(releaseId);
        GrantRecord grant = stageOf(release, stageId).grants().stream().filter(g -> g.partner().equals(partner))
                .findFirst().orElseThrow(() -> new RuleViolation(Rule.GRANT_NOT_FOUND,
                        "Stage " + stageId + " of " + releaseId + " was never shared with " + partner + "."));
        return response.eTag(etag(release)).body(grant);
    }

    ResponseEntity<ReviewRecord> review(ResponseEntity.BodyBuilder response, String releaseId, String reviewId) {
        ReleaseState release = queries.get(releaseId);
        ReviewRecord review = release.reviews().stream().filter(r -> r.reviewId().equals(reviewId)).findFirst()
                .orElseThrow(() -> new RuleViolation(Rule.REVIEW_NOT_FOUND,
                        "Release " + releaseId + " has no review " + reviewId + "."));
        return response.eTag(etag(release)).body(review);
    }

    private static StageState stageOf(ReleaseState release, String stageId) {
        return release.stages().stream().filter(s -> s.stageId().equals(stageId)).findFirst()
                .orElseThrow(() -> new RuleViolation(Rule.STAGE_NOT_FOUND,
                        "Release " + release.releaseId() + " has no stage " + stageId + "."));
    }

    private static String etag(ReleaseState release) {
        return "\"" + release.version() + "\"";
    }
}
