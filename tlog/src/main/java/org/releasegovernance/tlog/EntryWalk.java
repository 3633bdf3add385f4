package org.releasegovernance.tlog;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * One walk over a log's entries in index order, shared by the audit service's self-check and the offline verifier so
 * both judge a log alike: each entry's leaf hash is recomputed from its bytes and compared with the stored one, and at
 * each signed checkpoint's size the recomputed root is compared with the signed root. The walk stops at the first
 * problem, which names the first entry that can be blamed: the altered entry itself, or, when an entry was changed
 * together with its stored hash, the first entry after the last checkpoint that still matched.
 */
public final class EntryWalk {

    private final CompactRange range = CompactRange.empty();
    private final Iterator<Checkpoint> pending;
    private Checkpoint next;
    private long lastGoodSize;
    private Problem problem;

    /** @param checkpoints opened (signature and origin checked) checkpoints, smallest tree first */
    public EntryWalk(List<Checkpoint> checkpoints) {
        this.pending = checkpoints.iterator();
        this.next = pending.hasNext() ? pending.next() : null;
        checkRootsAtThisSize();
    }

    /**
     * Takes the next entry as stored.
     *
     * @param eventId        the event the entry records, to name it in a problem; may be {@code null}
     * @param storedLeafHash the leaf hash stored (or exported) beside the entry
     * @return whether the walk goes on: {@code false} once a problem was found
     */
    public boolean entry(long index, String eventId, byte[] entry, byte[] storedLeafHash) {
        return problem == null && hashedEntry(index, eventId, Merkle.leafHash(entry), storedLeafHash);
    }

    /**
     * Takes the next entry by its leaf hash recomputed from its bytes where they are stored (a database computing
     * SHA-256 beside the bytes spares reading them), and compared as {@link #entry} compares it.
     *
     * @param leafHash the leaf hash recomputed from the entry's stored bytes
     * @return whether the walk goes on: {@code false} once a problem was found
     */
    public boolean hashedEntry(long index, String eventId, byte[] leafHash, byte[] storedLeafHash) {
        if (problem != null) {
            return false;
        }
        if (index != range.size()) {
            problem = new Problem(range.size(), "entry " + range.size() + " is missing", null);
            return false;
        }
        if (!Arrays.equals(leafHash, storedLeafHash)) {
            problem = new Problem(index, "entry " + index + (eventId == null ? "" : " (event " + eventId + ")")
                    + " was altered: its bytes no longer match its leaf hash", null);
            return false;
        }
        range.append(leafHash);
        checkRootsAtThisSize();
        return problem == null;
    }

    /** The first problem found, including a checkpoint larger than the entries walked. */
    public Optional<Problem> finish() {
        if (problem == null && next != null) {
            problem = new Problem(range.size(), "the log holds " + range.size() + " entries; a checkpoint covers "
                    + next.size(), null);
        }
        return Optional.ofNullable(problem);
    }

    /** The entries walked without a problem. */
    public long size() {
        return range.size();
    }

    private void checkRootsAtThisSize() {
        while (problem == null && next != null && next.size() == range.size()) {
            byte[] root = range.root();
            if (!Arrays.equals(root, next.root())) {
                RootMismatch mismatch = new RootMismatch(next.root(), root);
                problem = new Problem(lastGoodSize, "an entry between " + lastGoodSize + " and " + (next.size() - 1)
                        + " was altered: the root of size " + next.size() + " differs from its signed checkpoint ("
                        + mismatch.getMessage() + ")", new Mismatch(next, mismatch));
                return;
            }
            lastGoodSize = next.size();
            next = pending.hasNext() ? pending.next() : null;
        }
    }

    /**
     * What the walk found wrong.
     *
     * @param firstBadEntry the index of the first entry that is missing or may have been altered
     * @param reason        what is wrong, naming entries, sizes and roots
     * @param mismatch      the checkpoint whose root differs and both roots, when that is the problem
     */
    public record Problem(long firstBadEntry, String reason, Mismatch mismatch) {
    }

    /** A signed checkpoint and how the recomputed root differs from its root. */
    public record Mismatch(Checkpoint checkpoint, RootMismatch roots) {
    }
}
