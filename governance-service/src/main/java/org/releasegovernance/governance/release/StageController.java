package org.releasegovernance.governance.release;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.releasegovernance.events.state.GrantRecord;
import org.releasegovernance.events.state.StageState;
import org.releasegovernance.governance.release.Commands.CancelScheduledRelease;
import org.releasegovernance.governance.release.Commands.CastResumeVote;
import org.releasegovernance.governance.release.Commands.CastVote;
import org.releasegovernance.governance.release.Commands.GrantPartnerAccess;
import org.releasegovernance.governance.release.Commands.LogExpertInput;
import org.releasegovernance.governance.release.Commands.ProposeStage;
import org.releasegovernance.governance.release.Commands.Recuse;
import org.releasegovernance.governance.release.Commands.ReleaseStage;
import org.releasegovernance.governance.release.Commands.ReportMisuse;
import org.releasegovernance.governance.release.Commands.RevokePartnerAccess;
import org.releasegovernance.governance.release.Commands.ScheduleRelease;
import org.releasegovernance.governance.release.Commands.WithdrawStage;
import org.releasegovernance.governance.release.ReleaseRequests.CastVoteRequest;
import org.releasegovernance.governance.release.ReleaseRequests.ExpertInputRequest;
import org.releasegovernance.governance.release.ReleaseRequests.GrantPartnerAccessRequest;
import org.releasegovernance.governance.release.ReleaseRequests.MisuseReportRequest;
import org.releasegovernance.governance.release.ReleaseRequests.ProposeStageRequest;
import org.releasegovernance.governance.release.ReleaseRequests.RecuseRequest;
import org.releasegovernance.governance.release.ReleaseRequests.ReleaseStageRequest;
import org.releasegovernance.governance.release.ReleaseRequests.WithdrawRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

import static org.releasegovernance.governance.release.ReleaseRequests.TEXT;

/**
 * Decisions on the stages of a release. Every answer is the stage as it is after the decision, with the release's
 * version as {@code ETag}; every write honours {@code If-Match}.
 */
@RestController
@RequestMapping("/api/releases/{releaseId}/stages")
@Tag(name = "stages", description = "Propose, assess, vote on, release, share, halt and withdraw stages")
class StageController {

    private final Decisions decisions;
    private final ReleaseResponses responses;

    StageController(Decisions decisions, ReleaseResponses responses) {
        this.decisions = decisions;
        this.responses = responses;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('MEMBER', 'CHAIR')")
    @Operation(summary = "Propose a stage (roles MEMBER, CHAIR)")
    ResponseEntity<StageState> propose(@PathVariable String releaseId, @Valid @RequestBody ProposeStageRequest request,
                                       DecisionContext decision) {
        Decided decided = decisions.send(new ProposeStage(releaseId, request.stageId(), request.parameters(),
                request.access(), request.rationale(), request.earliestReleaseAt(), decision.actor(),
                decision.expectedVersion()));
        return responses.stage(ResponseEntity.created(Locations.stage(releaseId, request.stageId())), decided,
                request.stageId());
    }

    @GetMapping("/{stageId}")
    @PreAuthorize(ReleaseController.READERS)
    @Operation(summary = "A stage now: votes, expert inputs, grants, halts, schedule (ETag = release version)")
    ResponseEntity<StageState> get(@PathVariable String releaseId, @PathVariable String stageId) {
        return responses.stage(ResponseEntity.ok(), releaseId, stageId);
    }

    @PostMapping("/{stageId}/expert-inputs")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('EXPERT')")
    @Operation(summary = "Log expert input on one factor (role EXPERT)")
    ResponseEntity<StageState> expertInput(@PathVariable String releaseId, @PathVariable String stageId,
                                           @Valid @RequestBody ExpertInputRequest request,
                                           DecisionContext decision) {
        Decided decided = decisions.send(new LogExpertInput(releaseId, stageId, request.factor(), request.risk(),
                request.summary(), request.references() == null ? List.of() : request.references(), decision.actor(),
                decision.expectedVersion()));
        return responses.stage(ResponseEntity.created(Locations.stage(releaseId, stageId)), decided, stageId);
    }

    @PostMapping("/{stageId}/votes")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasAnyRole('MEMBER', 'CHAIR')")
    @Operation(summary = "Vote APPROVE or REJECT, once per member (roles MEMBER, CHAIR)")
    ResponseEntity<StageState> vote(@PathVariable String releaseId, @PathVariable String stageId,
                                    @Valid @RequestBody CastVoteRequest request,
                                    DecisionContext decision) {
        Decided decided = decisions.send(new CastVote(releaseId, stageId, request.vote(), request.rationale(),
                decision.actor(), decision.expectedVersion()));
        return responses.stage(ResponseEntity.status(HttpStatus.ACCEPTED), decided, stageId);
    }

    @PostMapping("/{stageId}/recusals")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasAnyRole('MEMBER', 'CHAIR')")
    @Operation(summary = "Recuse from the vote on a stage (roles MEMBER, CHAIR)")
    ResponseEntity<StageState> recuse(@PathVariable String releaseId, @PathVariable String stageId,
                                      @Valid @RequestBody(required = false) RecuseRequest request,
                                      DecisionContext decision) {
        Decided decided = decisions.send(new Recuse(releaseId, stageId, request == null ? null : request.reason(),
                decision.actor(), decision.expectedVersion()));
        return responses.stage(ResponseEntity.status(HttpStatus.ACCEPTED), decided, stageId);
    }

    @PostMapping("/{stageId}/release")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasRole('CHAIR')")
    @Operation(summary = "Release an approved stage now (no 'at', or 'at' up to 5 s ago), or schedule it when 'at' "
            + "is in the future; an 'at' that has passed is refused with schedule-in-past (role CHAIR)")
    ResponseEntity<StageState> release(@PathVariable String releaseId, @PathVariable String stageId,
                                       @Valid @RequestBody(required = false) ReleaseStageRequest request,
                                       DecisionContext decision) {
        String note = request == null ? null : request.note();
        Instant at = request == null ? null : request.at();
        Decided decided;
        if (at == null) {
            decided = decisions.send(new ReleaseStage(releaseId, stageId, note, decision.now(),
                    decision.actor(), decision.expectedVersion()));
        } else {
            // the aggregate decides whether 'at' schedules, means now, or has passed
            decided = decisions.send(new ScheduleRelease(releaseId, stageId, at, note, decision.now(),
                    decision.actor(), decision.expectedVersion()));
        }
        return responses.stage(ResponseEntity.status(HttpStatus.ACCEPTED), decided, stageId);
    }

    @DeleteMapping("/{stageId}/release")
    @PreAuthorize("hasRole('CHAIR')")
    @Operation(summary = "Cancel a scheduled release (role CHAIR)")
    ResponseEntity<StageState> cancelRelease(@PathVariable String releaseId, @PathVariable String stageId,
                                             DecisionContext decision) {
        Decided decided = decisions.send(new CancelScheduledRelease(releaseId, stageId, decision.actor(),
                decision.expectedVersion()));
        return responses.stage(ResponseEntity.ok(), decided, stageId);
    }

    @PostMapping("/{stageId}/partners")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('CHAIR')")
    @Operation(summary = "Grant a partner organisation access to an approved or released stage (role CHAIR)")
    ResponseEntity<StageState> grant(@PathVariable String releaseId, @PathVariable String stageId,
                                     @Valid @RequestBody GrantPartnerAccessRequest request,
                                     DecisionContext decision) {
        Decided decided = decisions.send(new GrantPartnerAccess(releaseId, stageId, request.partner(),
                request.purpose(), request.description(), request.agreementRef(), request.expiresAt(), decision.now(),
                decision.actor(), decision.expectedVersion()));
        return responses.stage(ResponseEntity.created(Locations.grant(releaseId, stageId, request.partner())),
                decided, stageId);
    }

    @GetMapping("/{stageId}/partners/{partner}")
    @PreAuthorize(ReleaseController.READERS)
    @Operation(summary = "A partner's latest grant on a stage, active, expired or revoked (ETag = release version)")
    ResponseEntity<GrantRecord> getGrant(@PathVariable String releaseId, @PathVariable String stageId,
                                         @PathVariable String partner) {
        return responses.grant(ResponseEntity.ok(), releaseId, stageId, partner);
    }

    @DeleteMapping("/{stageId}/partners/{partner}")
    @PreAuthorize("hasRole('CHAIR')")
    @Operation(summary = "Revoke a partner's active access (role CHAIR)")
    ResponseEntity<StageState> revoke(@PathVariable String releaseId, @PathVariable String stageId,
                                      @PathVariable @EventText String partner,
                                      @RequestParam(defaultValue = "revoked by the chair") @EventText @Size(max = TEXT)
                                      String reason,
                                      DecisionContext decision) {
        Decided decided = decisions.send(new RevokePartnerAccess(releaseId, stageId, partner, reason, decision.now(),
                decision.actor(), decision.expectedVersion()));
        return responses.stage(ResponseEntity.ok(), decided, stageId);
    }

    @PostMapping("/{stageId}/misuse-reports")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('MEMBER', 'EXPERT', 'CHAIR')")
    @Operation(summary = "Report misuse of a released stage; halts every later unreleased stage "
            + "(roles MEMBER, EXPERT, CHAIR)")
    ResponseEntity<StageState> reportMisuse(@PathVariable String releaseId, @PathVariable String stageId,
                                            @Valid @RequestBody MisuseReportRequest request,
                                            DecisionContext decision) {
        Decided decided = decisions.send(new ReportMisuse(releaseId, stageId, request.reportedBy(), request.summary(),
                request.severity(), decision.actor(), decision.expectedVersion()));
        return responses.stage(ResponseEntity.created(Locations.stage(releaseId, stageId)), decided, stageId);
    }

    @PostMapping("/{stageId}/resume-votes")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasAnyRole('MEMBER', 'CHAIR')")
    @Operation(summary = "Vote on resuming a halted stage; the approval quorum resumes it (roles MEMBER, CHAIR)")
    ResponseEntity<StageState> resumeVote(@PathVariable String releaseId, @PathVariable String stageId,
                                          @Valid @RequestBody CastVoteRequest request,
                                          DecisionContext decision) {
        Decided decided = decisions.send(new CastResumeVote(releaseId, stageId, request.vote(), request.rationale(),
                decision.actor(), decision.expectedVersion()));
        return responses.stage(ResponseEntity.status(HttpStatus.ACCEPTED), decided, stageId);
    }

    @PostMapping("/{stageId}/withdraw")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasRole('CHAIR')")
    @Operation(summary = "Withdraw a stage; partner grants end, a public release stays public (role CHAIR)")
    ResponseEntity<StageState> withdraw(@PathVariable String releaseId, @PathVariable String stageId,
                                        @Valid @RequestBody WithdrawRequest request,
                                        DecisionContext decision) {
        Decided decided = decisions.send(new WithdrawStage(releaseId, stageId, request.reason(), decision.now(),
                decision.actor(), decision.expectedVersion()));
        return responses.stage(ResponseEntity.status(HttpStatus.ACCEPTED), decided, stageId);
    }
}
