package org.releasegovernance.governance.release;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.releasegovernance.events.state.ReviewRecord;
import org.releasegovernance.governance.release.Commands.AmendPolicy;
import org.releasegovernance.governance.release.Commands.PublishReview;
import org.releasegovernance.governance.release.Commands.RegisterRelease;
import org.releasegovernance.governance.release.Commands.ScheduleReview;
import org.releasegovernance.governance.release.ReleaseRequests.AmendPolicyRequest;
import org.releasegovernance.governance.release.ReleaseRequests.PublishReviewRequest;
import org.releasegovernance.governance.release.ReleaseRequests.RegisterReleaseRequest;
import org.releasegovernance.governance.release.ReleaseRequests.ScheduleReviewRequest;
import org.releasegovernance.governance.release.ReleaseSummaries.ReleaseSummary;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/** Releases, their policy and their reviews; the actor of every decision is the authenticated principal. */
@RestController
@RequestMapping("/api/releases")
@Tag(name = "releases", description = "Register releases, amend their policy, schedule and publish reviews; read "
        + "releases (roles CHAIR, MEMBER, EXPERT, AUDITOR)")
class ReleaseController {

    static final String READERS = "hasAnyRole('CHAIR', 'MEMBER', 'EXPERT', 'AUDITOR')";

    private final Decisions decisions;
    private final ReleaseResponses responses;
    private final ReleaseSummaries summaries;

    ReleaseController(Decisions decisions, ReleaseResponses responses, ReleaseSummaries summaries) {
        this.decisions = decisions;
        this.responses = responses;
        this.summaries = summaries;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('CHAIR')")
    @Operation(summary = "Register a release with its policy (role CHAIR)")
    ResponseEntity<ReleaseView> register(@Valid @RequestBody RegisterReleaseRequest request,
                                         DecisionContext decision) {
        Decided decided = decisions.register(new RegisterRelease(request.releaseId(), request.model(),
                request.policy().toPolicy(), decision.actor()));
        return responses.release(ResponseEntity.created(Locations.release(request.releaseId())),
                decided);
    }

    @PostMapping("/{releaseId}/policy")
    @PreAuthorize("hasRole('CHAIR')")
    @Operation(summary = "Amend the policy; it applies to votes still open (role CHAIR)")
    ResponseEntity<ReleaseView> amend(@PathVariable String releaseId, @Valid @RequestBody AmendPolicyRequest request,
                                      DecisionContext decision) {
        Decided decided = decisions.send(new AmendPolicy(releaseId, request.policy().toPolicy(), request.reason(),
                decision.actor(), decision.expectedVersion()));
        return responses.release(ResponseEntity.ok(), decided);
    }

    @GetMapping
    @PreAuthorize(READERS)
    @Operation(summary = "List releases, filtered by model (substring), stage status or halted stages")
    List<ReleaseSummary> list(@RequestParam(required = false) String model,
                              @RequestParam(required = false) String stageStatus,
                              @RequestParam(required = false) Boolean halted,
                              @RequestParam(defaultValue = "50") int limit,
                              @RequestParam(defaultValue = "0") int offset) {
        return summaries.find(model, stageStatus, halted, Math.max(1, Math.min(limit, 500)), Math.max(0, offset));
    }

    @GetMapping("/{releaseId}")
    @PreAuthorize(READERS)
    @Operation(summary = "A release now: stages, votes, expert inputs, grants, halts, reviews (ETag = version)")
    ResponseEntity<ReleaseView> get(@PathVariable String releaseId) {
        return responses.release(ResponseEntity.ok(), releaseId);
    }

    @PostMapping("/{releaseId}/reviews")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('CHAIR')")
    @Operation(summary = "Schedule a review of a stage, e.g. the six-month analysis (role CHAIR)")
    ResponseEntity<ReleaseView> scheduleReview(@PathVariable String releaseId,
                                               @Valid @RequestBody ScheduleReviewRequest request,
                                               DecisionContext decision) {
        String reviewId = request.reviewId() != null ? request.reviewId() : UUID.randomUUID().toString();
        Decided decided = decisions.send(new ScheduleReview(releaseId, reviewId, request.stageId(), request.title(),
                request.dueAt(), decision.now(), decision.actor(), decision.expectedVersion()));
        return responses.release(ResponseEntity.created(Locations.review(releaseId, reviewId)), decided);
    }

    @GetMapping("/{releaseId}/reviews/{reviewId}")
    @PreAuthorize(READERS)
    @Operation(summary = "A scheduled review of a release, published or not (ETag = release version)")
    ResponseEntity<ReviewRecord> getReview(@PathVariable String releaseId, @PathVariable String reviewId) {
        return responses.review(ResponseEntity.ok(), releaseId, reviewId);
    }

    @PostMapping("/{releaseId}/reviews/{reviewId}/publish")
    @PreAuthorize("hasRole('CHAIR')")
    @Operation(summary = "Publish a scheduled review (role CHAIR)")
    ResponseEntity<ReleaseView> publishReview(@PathVariable String releaseId, @PathVariable String reviewId,
                                              @Valid @RequestBody PublishReviewRequest request,
                                              DecisionContext decision) {
        Decided decided = decisions.send(new PublishReview(releaseId, reviewId, request.summary(), request.url(),
                decision.actor(), decision.expectedVersion()));
        return responses.release(ResponseEntity.ok(), decided);
    }
}
