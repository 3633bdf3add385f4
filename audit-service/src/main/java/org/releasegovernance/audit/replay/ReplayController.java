package org.releasegovernance.audit.replay;

import io.swagger.v3.oas.annotations.Operation;
import org.releasegovernance.problems.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.security.Principal;

/** Auditors replay the topic into fresh tables and compare the rebuilt tree with the live one. */
@RestController
class ReplayController {

    private final Replays replays;

    ReplayController(Replays replays) {
        this.replays = replays;
    }

    /** Starts a replay in the background: 202 with its location. */
    @PostMapping("/api/audit/replays")
    @PreAuthorize("hasRole('AUDITOR')")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "startReplay", summary = "Start a replay of the topic into fresh tables")
    ResponseEntity<ReplayStatus> start(Principal auditor) {
        long id = replays.start(auditor.getName());
        return ResponseEntity.accepted().location(URI.create("/api/audit/replays/" + id))
                .body(replays.status(id).orElseThrow());
    }

    /** Progress (entries done, rate, ETA) or outcome; 404 {@code replay-not-found}. */
    @GetMapping("/api/audit/replays/{id}")
    @PreAuthorize("hasRole('AUDITOR')")
    @Operation(operationId = "replayStatus", summary = "A replay's progress or outcome")
    ReplayStatus status(@PathVariable long id) {
        return replays.status(id).orElseThrow(() -> Refusal.notFound("replay-not-found", "No replay " + id + "."));
    }
}
