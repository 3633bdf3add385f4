package org.releasegovernance.audit.checkpoint;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.releasegovernance.problems.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Signed checkpoints as C2SP signed notes (text/plain), and the public key that verifies them. */
@RestController
class CheckpointController {

    private final Checkpoints checkpoints;

    CheckpointController(Checkpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    /** The latest checkpoint; 404 {@code checkpoint-not-found} while the log is empty. */
    @GetMapping(value = "/api/audit/checkpoint", produces = MediaType.TEXT_PLAIN_VALUE)
    @PreAuthorize("hasRole('AUDITOR')")
    @Operation(operationId = "latestCheckpoint", summary = "The latest signed checkpoint (C2SP signed note)")
    @ApiResponse(responseCode = "200", description = "The signed note", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "checkpoint-not-found: the log is empty")
    String latest() {
        return checkpoints.latest().map(Checkpoints.SignedCheckpoint::note)
                .orElseThrow(() -> notFound("The audit log is empty: no checkpoint was signed yet."));
    }

    /** The checkpoint signed when the log reached the given size. */
    @GetMapping(value = "/api/audit/checkpoints", produces = MediaType.TEXT_PLAIN_VALUE)
    @PreAuthorize("hasRole('AUDITOR')")
    @Operation(operationId = "checkpointAtSize", summary = "The checkpoint signed when the log reached a size")
    @ApiResponse(responseCode = "200", description = "The signed note", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "checkpoint-not-found: none was signed at that size")
    String atSize(@RequestParam long size) {
        return checkpoints.atSize(size).map(Checkpoints.SignedCheckpoint::note)
                .orElseThrow(() -> notFound("No checkpoint of tree size " + size + " was signed."));
    }

    /** The note verifier key of the checkpoint signing key; public. */
    @GetMapping("/api/audit/public-key")
    @Operation(operationId = "checkpointPublicKey", summary = "The note verifier key that checks checkpoints")
    Map<String, String> publicKey() {
        return Map.of("verifierKey", checkpoints.verifierKey());
    }

    private static Refusal notFound(String detail) {
        return Refusal.notFound("checkpoint-not-found", detail);
    }
}
