package org.releasegovernance.audit.proof;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.releasegovernance.audit.checkpoint.Checkpoints;
import org.releasegovernance.audit.checkpoint.Checkpoints.SignedCheckpoint;
import org.releasegovernance.audit.log.AuditLog;
import org.releasegovernance.audit.log.AuditLog.Completeness;
import org.releasegovernance.tlog.Checkpoint;
import org.releasegovernance.tlog.CompactRange;
import org.releasegovernance.tlog.Merkle;
import org.releasegovernance.tlog.NoteVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Checks the stored log against itself and its signed checkpoints: every checkpoint's signature, every entry's leaf
 * hash recomputed from its stored bytes, the root recomputed at every checkpoint's size, and the columns the history
 * and state endpoints read compared with the signed bytes. A changed entry is named by its index; if its stored hash
 * was changed with it, the first checkpoint whose root no longer matches bounds it. It also checks that the log is
 * complete: no release's sequence has a gap and no event of the topic was left unstored. The log is intact only if
 * it is both authentic and complete.
 */
@Component
public class LogVerification {

    private static final Logger log = LoggerFactory.getLogger(LogVerification.class);

    private final AuditLog auditLog;
    private final Checkpoints checkpoints;
    private final JdbcTemplate jdbc;

    LogVerification(AuditLog auditLog, Checkpoints checkpoints, JdbcTemplate jdbc) {
        this.auditLog = auditLog;
        this.checkpoints = checkpoints;
        this.jdbc = jdbc;
    }

    public Report verify() {
        NoteVerifier verifier = NoteVerifier.parse(checkpoints.verifierKey());
        List<SignedCheckpoint> signed = checkpoints.all();
        for (SignedCheckpoint checkpoint : signed) {
            try {
                Checkpoint body = Checkpoint.parse(verifier.verify(checkpoint.note()));
                if (body.size() != checkpoint.treeSize() || !Arrays.equals(body.root(), checkpoint.root())) {
                    return failed(signed.size(), null, "the checkpoint of size " + checkpoint.treeSize()
                            + " does not say what its signed note says");
                }
            } catch (IllegalArgumentException e) {
                return failed(signed.size(), null, "the checkpoint of size " + checkpoint.treeSize()
                        + " is not signed by the log's key: " + e.getMessage());
            }
        }
        long treeSize = signed.isEmpty() ? 0 : signed.get(signed.size() - 1).treeSize();
        Walk walk = new Walk(signed.iterator());
        auditLog.forEachEntry(0, treeSize, walk::entry);
        if (walk.problem == null && walk.range.size() < treeSize) {
            walk.fail(walk.range.size(), "the log holds " + walk.range.size() + " entries; a checkpoint covers "
                    + treeSize);
        }
        if (walk.problem == null) {
            columnsDifferingFromTheirLeaf(treeSize).ifPresent(index -> walk.fail(index, "entry " + index
                    + " was altered: its columns, which the history and state show, differ from its signed bytes"));
        }
        Completeness completeness = auditLog.completeness();
        Report report;
        if (walk.problem != null) {
            report = new Report(false, false, completeness.isComplete(), null, null, signed.size(), walk.badEntry,
                    walk.problem, completeness.gaps(), completeness.unstored());
        } else {
            report = new Report(completeness.isComplete(), true, completeness.isComplete(), treeSize,
                    walk.range.size(), signed.size(), null,
                    completeness.isComplete() ? null : completeness.describe(), completeness.gaps(),
                    completeness.unstored());
        }
        log.info("verified the audit log up to tree size {}: {}", treeSize,
                report.intact() ? "intact" : report.problem());
        return report;
    }

    /** The first entry whose columns say something else than its (authentic) leaf bytes. */
    private java.util.Optional<Long> columnsDifferingFromTheirLeaf(long treeSize) {
        return java.util.Optional.ofNullable(jdbc.queryForObject("""
                select min(log_index) from (
                    select *, leaf_json(leaf) as e from log_entry where log_index < ?) entries
                 where e->'data' is distinct from leaf_json(data)
                    or e->'data' is distinct from payload
                    or e->>'id' is distinct from event_id::text
                    or e->>'type' is distinct from cloud_event_type
                    or e->>'source' is distinct from '/releases/' || release_id
                    or e->>'subject' is distinct from stage_id
                    or e->>'actor' is distinct from actor
                    or e->>'sequence' is distinct from sequence::text
                    or e->>'position' is distinct from position::text
                    or e->>'correlationid' is distinct from correlation_id
                    or (e->>'time')::timestamptz is distinct from occurred_at""", Long.class, treeSize));
    }

    private static Report failed(int checkpoints, Long badEntry, String problem) {
        return new Report(false, false, null, null, null, checkpoints, badEntry, problem, List.of(), List.of());
    }

    /** Walks the entries in log order, recomputing leaves and roots. */
    private static final class Walk {

        private final CompactRange range = CompactRange.empty();
        private final Iterator<SignedCheckpoint> pending;
        private SignedCheckpoint next;
        private long lastGoodSize;
        private Long badEntry;
        private String problem;

        Walk(Iterator<SignedCheckpoint> checkpoints) {
            this.pending = checkpoints;
            this.next = pending.hasNext() ? pending.next() : null;
        }

        void entry(long index, java.util.UUID eventId, byte[] leaf, byte[] storedHash) {
            if (problem != null) {
                return;
            }
            if (index != range.size()) {
                fail(range.size(), "entry " + range.size() + " is missing");
                return;
            }
            byte[] leafHash = Merkle.leafHash(leaf);
            if (!Arrays.equals(leafHash, storedHash)) {
                fail(index, "entry " + index + " (event " + eventId + ") was altered: its bytes no longer match "
                        + "its leaf hash");
                return;
            }
            range.append(leafHash);
            while (next != null && next.treeSize() == range.size()) {
                if (!Arrays.equals(range.root(), next.root())) {
                    fail(lastGoodSize, "an entry between " + lastGoodSize + " and " + (next.treeSize() - 1)
                            + " was altered: the root of size " + next.treeSize() + " differs from its checkpoint");
                    return;
                }
                lastGoodSize = next.treeSize();
                next = pending.hasNext() ? pending.next() : null;
            }
        }

        void fail(long index, String why) {
            badEntry = index;
            problem = why;
        }
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
