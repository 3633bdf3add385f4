package org.releasegovernance.audit.proof;

import io.swagger.v3.oas.annotations.Operation;
import org.releasegovernance.audit.log.AuditLog;
import org.releasegovernance.problems.ProblemType;
import org.releasegovernance.problems.Refusal;
import org.releasegovernance.tlog.Merkle;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Base64;
import java.util.List;

/** RFC 9162 inclusion and consistency proofs over the log, and a full check of the stored log. */
@RestController
class ProofController {

    private static final ProblemType PROOF_OUT_OF_RANGE =
            ProblemType.of(HttpStatus.BAD_REQUEST, "proof-out-of-range");

    private final AuditLog auditLog;
    private final LogVerification verification;

    ProofController(AuditLog auditLog, LogVerification verification) {
        this.auditLog = auditLog;
        this.verification = verification;
    }

    /** The audit path of entry {@code index} in the tree of size {@code treeSize}. */
    @GetMapping("/api/audit/proofs/inclusion")
    @PreAuthorize("hasRole('AUDITOR')")
    @Operation(operationId = "inclusionProof", summary = "The audit path of an entry in a tree of a given size")
    Proof inclusion(@RequestParam long index, @RequestParam long treeSize) {
        long size = auditLog.size();
        if (treeSize < 1 || treeSize > size || index < 0 || index >= treeSize) {
            throw new Refusal(PROOF_OUT_OF_RANGE, "An inclusion proof needs 0 <= index < treeSize <= " + size
                    + " (the log's size); got index " + index + " and treeSize " + treeSize + ".");
        }
        List<byte[]> leaves = auditLog.entries().leafHashes(treeSize);
        return new Proof(Base64.getEncoder().encodeToString(leaves.get((int) index)),
                encode(Merkle.inclusionProof(leaves, (int) index, (int) treeSize)));
    }

    /** The proof that the tree of size {@code from} is a prefix of the tree of size {@code to}. */
    @GetMapping("/api/audit/proofs/consistency")
    @PreAuthorize("hasRole('AUDITOR')")
    @Operation(operationId = "consistencyProof", summary = "The proof that a smaller tree is a prefix of a larger")
    Proof consistency(@RequestParam long from, @RequestParam long to) {
        long size = auditLog.size();
        if (from < 1 || from > to || to > size) {
            throw new Refusal(PROOF_OUT_OF_RANGE, "A consistency proof needs 1 <= from <= to <= " + size
                    + " (the log's size); got from " + from + " and to " + to + ".");
        }
        return new Proof(null, encode(Merkle.consistencyProof(auditLog.entries().leafHashes(to), (int) from, (int) to)));
    }

    /** Recomputes every leaf from the stored bytes and every signed root; names the first bad entry. */
    @GetMapping("/api/audit/verify")
    @PreAuthorize("hasRole('AUDITOR')")
    @Operation(operationId = "verifyLog", summary = "Recompute every leaf and signed root; name the first bad entry")
    LogVerification.Report verify() {
        return verification.verify();
    }

    private static List<String> encode(List<byte[]> hashes) {
        return hashes.stream().map(Base64.getEncoder()::encodeToString).toList();
    }
}
