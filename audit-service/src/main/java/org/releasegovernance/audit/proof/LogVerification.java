package org.releasegovernance.audit.proof;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.releasegovernance.audit.checkpoint.Checkpoints;
import org.releasegovernance.audit.checkpoint.Checkpoints.SignedCheckpoint;
import org.releasegovernance.audit.log.AuditLog;
import org.releasegovernance.audit.log.AuditLog.Completeness;
import org.releasegovernance.tlog.Checkpoint;
import org.releasegovernance.tlog.EntryWalk;
import org.releasegovernance.tlog.NoteVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks the stored log against itself and its signed checkpoints: every checkpoint's signature and origin, every
 * entry's leaf hash recomputed from its stored bytes (by the database, beside them), the root recomputed at every
 * checkpoint's size (the walk the offline verifier makes, {@link EntryWalk}), and the columns the history and state
 * endpoints read compared with the signed bytes. A changed entry is named by its index; if its stored hash
 * was changed with it, the first checkpoint whose root no longer matches bounds it. It also checks that the log is
 * complete: no release's sequence has a gap and no event of the topic was left unstored. The log is intact only if
 * it is both authentic and complete.
 */
@Component
public class LogVerification {

    private static final Logger log = LoggerFactory.getLogger(LogVerification.class);

    private final AuditLog auditLog;
    private final Checkpoints checkpoints;

    LogVerification(AuditLog auditLog, Checkpoints checkpoints) {
        this.auditLog = auditLog;
        this.checkpoints = checkpoints;
    }

    public Report verify() {
        long start = System.nanoTime();
        NoteVerifier verifier = NoteVerifier.parse(checkpoints.verifierKey());
        List<SignedCheckpoint> signed = checkpoints.all();
        // a signature check costs milliseconds in this JVM and a log signs one checkpoint per poll: use every core
        List<Opened> outcomes = signed.parallelStream().map(checkpoint -> open(checkpoint, verifier)).toList();
        List<Checkpoint> opened = new ArrayList<>(signed.size());
        for (Opened outcome : outcomes) {
            if (outcome.problem() != null) {
                return failed(signed.size(), null, outcome.problem());
            }
            opened.add(outcome.checkpoint());
        }
        long treeSize = signed.isEmpty() ? 0 : signed.get(signed.size() - 1).treeSize();
        start = phaseDone("opened " + signed.size() + " checkpoints", start);
        EntryWalk walk = new EntryWalk(opened);
        auditLog.entries().forEachRecomputedLeafHash(0, treeSize, (index, eventId, recomputed, stored) ->
                walk.hashedEntry(index, eventId.toString(), recomputed, stored));
        Optional<EntryWalk.Problem> problem = walk.finish();
        start = phaseDone("walked " + walk.size() + " entries", start);
        if (problem.isEmpty()) {
            problem = auditLog.firstEntryWhoseColumnsDifferFromItsLeaf(treeSize)
                    .map(index -> new EntryWalk.Problem(index, "entry " + index + " was altered: its columns, which "
                            + "the history and state show, differ from its signed bytes", null));
            start = phaseDone("compared the columns of " + treeSize + " entries with their signed bytes", start);
        }
        Completeness completeness = auditLog.completeness();
        phaseDone("checked completeness", start);
        Report report;
        if (problem.isPresent()) {
            report = new Report(false, false, completeness.isComplete(), null, null, signed.size(),
                    problem.get().firstBadEntry(), problem.get().reason(), completeness.gaps(),
                    completeness.unstored());
        } else {
            report = new Report(completeness.isComplete(), true, completeness.isComplete(), treeSize,
                    walk.size(), signed.size(), null,
                    completeness.isComplete() ? null : completeness.describe(), completeness.gaps(),
                    completeness.unstored());
        }
        log.info("verified the audit log up to tree size {}: {}", treeSize,
                report.intact() ? "intact" : report.problem());
        return report;
    }

    private Opened open(SignedCheckpoint checkpoint, NoteVerifier verifier) {
        try {
            Checkpoint body = Checkpoint.open(checkpoint.note(), checkpoints.origin(), verifier);
            if (body.size() != checkpoint.treeSize() || !Arrays.equals(body.root(), checkpoint.root())) {
                return new Opened(null, "the checkpoint of size " + checkpoint.treeSize()
                        + " does not say what its signed note says");
            }
            return new Opened(body, null);
        } catch (IllegalArgumentException e) {
            return new Opened(null, "the checkpoint of size " + checkpoint.treeSize()
                    + " is not the log's own (its key and origin): " + e.getMessage());
        }
    }

    /** A stored checkpoint opened, or why it cannot be. */
    private record Opened(Checkpoint checkpoint, String problem) {
    }

    /** Logs how long a phase of a verification took, for operators watching a long one; returns now. */
    private static long phaseDone(String phase, long since) {
        long now = System.nanoTime();
        log.info("verification: {} in {} ms", phase, (now - since) / 1_000_000);
        return now;
    }

    private static Report failed(int checkpoints, Long badEntry, String problem) {
        return new Report(false, false, null, null, null, checkpoints, badEntry, problem, List.of(), List.of());
    }

    /**
     * The outcome of a verification.
     *
     * @param intact        whether the log is authentic and complete
     * @param authentic     whether every checkpoint, leaf and root checked out (nothing altered)
     * @param complete      whether no release's sequence has a gap and every event of the topic was stored; not
     *                      checked when a checkpoint's signature fails
     * @param treeSize      the size of the latest checkpoint, when authentic
     * @param entries       the entries checked, when authentic
     * @param checkpoints   the signed checkpoints checked
     * @param firstBadEntry the index of the first entry found altered or missing
     * @param problem       what is wrong: the first alteration found, else what the log lacks
     * @param gaps          sequences missing from releases' streams (at most {@value AuditLog#MISSING_LISTED})
     * @param unstored      events of the topic the log could not store (at most {@value AuditLog#MISSING_LISTED})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(boolean intact, boolean authentic, Boolean complete, Long treeSize, Long entries,
                         int checkpoints, Long firstBadEntry, String problem, List<AuditLog.Gap> gaps,
                         List<AuditLog.UnstoredEvent> unstored) {
    }
}
