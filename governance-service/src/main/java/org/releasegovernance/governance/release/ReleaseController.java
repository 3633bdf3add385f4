package org.releasegovernance.governance.release;

import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.releasegovernance.events.Policy;
import org.releasegovernance.events.state.ReleaseState;
import org.releasegovernance.events.state.StageState;
import org.releasegovernance.governance.release.Commands.CastVote;
import org.releasegovernance.governance.release.Commands.ProposeStage;
import org.releasegovernance.governance.release.Commands.RegisterRelease;
import org.releasegovernance.governance.release.Commands.ReleaseStage;
import org.releasegovernance.governance.release.ReleaseRequests.CastVoteRequest;
import org.releasegovernance.governance.release.ReleaseRequests.ProposeStageRequest;
import org.releasegovernance.governance.release.ReleaseRequests.RegisterReleaseRequest;
import org.releasegovernance.governance.release.ReleaseRequests.ReleaseStageRequest;
import org.releasegovernance.governance.web.CorrelationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.security.Principal;

/** Decisions on a release and its stages; the actor of every decision is the authenticated principal. */
@RestController
@RequestMapping("/api/releases")
class ReleaseController {

    private static final Logger log = LoggerFactory.getLogger(ReleaseController.class);

    private final CommandGateway commands;
    private final ReleaseQueries queries;

    ReleaseController(CommandGateway commands, ReleaseQueries queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @PostMapping
    @PreAuthorize("hasRole('CHAIR')")
    ResponseEntity<ReleaseState> register(@Valid @RequestBody RegisterReleaseRequest request, Principal actor) {
        send(new RegisterRelease(request.releaseId(), request.model(), new Policy(request.policy().quorum()),
                actor.getName()));
        log.info("release {} registered by {}", request.releaseId(), actor.getName());
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{releaseId}")
                .buildAndExpand(request.releaseId()).toUri();
        return withVersion(ResponseEntity.created(location), queries.get(request.releaseId()));
    }

    @PostMapping("/{releaseId}/stages")
    @PreAuthorize("hasAnyRole('MEMBER', 'CHAIR')")
    ResponseEntity<StageState> propose(@PathVariable String releaseId,
                                       @Valid @RequestBody ProposeStageRequest request, Principal actor) {
        send(new ProposeStage(releaseId, request.stageId(), request.parameters(), request.access(),
                request.rationale(), null, actor.getName(), null));
        log.info("release {} stage {} proposed by {}", releaseId, request.stageId(), actor.getName());
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{stageId}")
                .buildAndExpand(request.stageId()).toUri();
        return stage(ResponseEntity.created(location), releaseId, request.stageId());
    }

    @PostMapping("/{releaseId}/stages/{stageId}/votes")
    @PreAuthorize("hasAnyRole('MEMBER', 'CHAIR')")
    ResponseEntity<StageState> vote(@PathVariable String releaseId, @PathVariable String stageId,
                                    @Valid @RequestBody CastVoteRequest request, Principal actor) {
        send(new CastVote(releaseId, stageId, request.vote(), request.rationale(), actor.getName(), null));
        log.info("release {} stage {} vote {} by {}", releaseId, stageId, request.vote(), actor.getName());
        return stage(ResponseEntity.status(HttpStatus.ACCEPTED), releaseId, stageId);
    }

    @PostMapping("/{releaseId}/stages/{stageId}/release")
    @PreAuthorize("hasRole('CHAIR')")
    ResponseEntity<StageState> release(@PathVariable String releaseId, @PathVariable String stageId,
                                       @Valid @RequestBody(required = false) ReleaseStageRequest request,
                                       Principal actor) {
        String note = request == null ? null : request.note();
        send(new ReleaseStage(releaseId, stageId, note, java.time.Instant.now(), actor.getName(), null));
        log.info("release {} stage {} released by {}", releaseId, stageId, actor.getName());
        return stage(ResponseEntity.status(HttpStatus.ACCEPTED), releaseId, stageId);
    }

    @GetMapping("/{releaseId}")
    @PreAuthorize("hasAnyRole('CHAIR', 'MEMBER', 'EXPERT', 'AUDITOR')")
    ResponseEntity<ReleaseState> get(@PathVariable String releaseId) {
        return withVersion(ResponseEntity.ok(), queries.get(releaseId));
    }

    private void send(Object command) {
        commands.sendAndWait(command, MetaData.with(CorrelationId.METADATA_KEY, CorrelationId.current()));
    }

    private ResponseEntity<StageState> stage(ResponseEntity.BodyBuilder response, String releaseId,
                                             String stageId) {
        ReleaseState release = queries.get(releaseId);
        StageState stage = release.stages().stream().filter(s -> s.stageId().equals(stageId)).findFirst()
                .orElseThrow(() -> new RuleViolation(Rule.STAGE_NOT_FOUND,
                        "Release " + releaseId + " has no stage " + stageId + "."));
        return response.eTag(etag(release)).body(stage);
    }

    private static ResponseEntity<ReleaseState> withVersion(ResponseEntity.BodyBuilder response,
                                                            ReleaseState release) {
        return response.eTag(etag(release)).body(release);
    }

    private static String etag(ReleaseState release) {
        return "\"" + release.version() + "\"";
    }
}
