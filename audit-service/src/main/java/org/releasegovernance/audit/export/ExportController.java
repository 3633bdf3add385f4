package org.releasegovernance.audit.export;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.releasegovernance.audit.checkpoint.Checkpoints;
import org.releasegovernance.audit.log.AuditLog;
import org.releasegovernance.problems.ProblemType;
import org.releasegovernance.problems.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The log as JSON Lines, one object per entry in log order: {@code {"index": i, "eventId": ..., "leafHash": base64,
 * "entry": base64 of the exact leaf bytes}}. By default it stops at the latest checkpoint's size, so the export and
 * {@code GET /api/audit/checkpoint} fetched just before it describe the same tree. {@code from} skips the entries
 * before an index, so a mirror or a monitor can fetch only what is new since its last export.
 */
@RestController
class ExportController {

    static final MediaType JSON_LINES = MediaType.parseMediaType("application/jsonl");
    private static final ProblemType TREE_SIZE_OUT_OF_RANGE =
            ProblemType.of(HttpStatus.BAD_REQUEST, "tree-size-out-of-range");
    private static final ProblemType FROM_OUT_OF_RANGE = ProblemType.of(HttpStatus.BAD_REQUEST, "from-out-of-range");

    private final AuditLog auditLog;
    private final Checkpoints checkpoints;

    ExportController(AuditLog auditLog, Checkpoints checkpoints) {
        this.auditLog = auditLog;
        this.checkpoints = checkpoints;
    }

    @GetMapping("/api/audit/export")
    @PreAuthorize("hasRole('AUDITOR')")
    @Operation(operationId = "exportLog", summary = "The log as JSON Lines, up to the latest checkpoint or a tree size")
    @ApiResponse(responseCode = "200", description = "One entry per line; header Audit-Tree-Size names the tree",
            content = @Content(mediaType = "application/jsonl", schema = @Schema(type = "string")))
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) Long treeSize,
                                                 @RequestParam(defaultValue = "0") long from) {
        long latest = checkpoints.latest().map(Checkpoints.SignedCheckpoint::treeSize).orElse(0L);
        long size = treeSize == null ? latest : treeSize;
        if (size < 0 || size > latest) {
            throw new Refusal(TREE_SIZE_OUT_OF_RANGE,
                    "treeSize must be between 0 and " + latest + " (the latest checkpoint's size); got " + size + ".");
        }
        if (from < 0 || from > size) {
            throw new Refusal(FROM_OUT_OF_RANGE,
                    "from must be between 0 and the exported tree size " + size + "; got " + from + ".");
        }
        StreamingResponseBody body = out -> auditLog.entries().forEachEntry(from, size, (index, eventId, leaf, leafHash) -> {
            String line = "{\"index\":" + index + ",\"eventId\":\"" + eventId + "\",\"leafHash\":\""
                    + Base64.getEncoder().encodeToString(leafHash) + "\",\"entry\":\""
                    + Base64.getEncoder().encodeToString(leaf) + "\"}\n";
            try {
                out.write(line.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return ResponseEntity.ok().contentType(JSON_LINES).header("Audit-Tree-Size", Long.toString(size)).body(body);
    }
}
